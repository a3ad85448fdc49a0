package dev.meanflow.core.trial;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.objective.ModelInput;
import dev.meanflow.core.sampler.FlowSampler;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/** A trial's network with the spec that made it: samples, saves and reloads. */
public final class TrainedModel implements AutoCloseable {

  private final TrialSpec spec;
  private final NDManager manager;
  private final Mlp mlp;

  private TrainedModel(TrialSpec spec, NDManager manager, Mlp mlp) {
    this.spec = spec;
    this.manager = manager;
    this.mlp = mlp;
  }

  /** A freshly initialised network for {@code spec} on {@code manager}'s device (the model owns the manager). */
  static TrainedModel initialise(TrialSpec spec, NDManager manager, RandomGenerator rng) {
    int in = ModelInput.width(spec.get(Knobs.FLOW) == Flow.MF);
    Mlp mlp = Mlp.create(manager, DataType.FLOAT32, in, spec.get(Knobs.WIDTH), spec.get(Knobs.DEPTH), 2, rng);
    return new TrainedModel(spec, manager, mlp);
  }

  public TrialSpec spec() {
    return spec;
  }

  Mlp mlp() {
    return mlp;
  }

  /** False when any parameter holds a NaN or an infinity. */
  boolean parametersFinite() {
    for (ai.djl.ndarray.NDArray p : mlp.parameters()) {
      try (ai.djl.ndarray.NDArray bad = p.isNaN().logicalOr(p.isInfinite()).any()) {
        if (bad.getBoolean()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Integrates {@code noise} to the data side in {@code steps} steps with the spec's sampler. */
  public Points sample(Points noise, int steps) {
    return new FlowSampler(spec.get(Knobs.SAMPLER), spec.get(Knobs.DIRECTION), spec.get(Knobs.CONDITIONING)).sample(mlp, noise, steps);
  }

  public void save(Path file) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeUTF(spec.canonical());
      mlp.save(out);
    }
  }

  /** Loads a model saved for {@code spec}; refuses a file saved for another spec. */
  public static TrainedModel load(TrialSpec spec, Path file, NDManager manager) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      String saved = in.readUTF();
      if (!saved.equals(spec.canonical())) {
        throw new IOException(file + " holds a model of another trial: " + saved);
      }
      return new TrainedModel(spec, manager, Mlp.load(manager, in));
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
