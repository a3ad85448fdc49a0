package dev.meanflow.core.trial;

import ai.djl.ndarray.NDManager;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.objective.ModelInput;
import dev.meanflow.core.objective.ModelOutput;
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
import java.util.List;
import java.util.random.RandomGenerator;

/** A trial's network with the spec that made it: samples, saves and reloads. */
public final class TrainedModel implements AutoCloseable {

  private final TrialSpec spec;
  private final Mlp mlp;

  /** {@code spec}'s model over {@code mlp}, a plain network the model now owns. */
  TrainedModel(TrialSpec spec, Mlp mlp) {
    this.spec = spec;
    this.mlp = mlp;
  }

  /**
   * A freshly initialised stacked network for trials sharing {@code first}'s shapes, member k drawn from
   * {@code rngs.get(k)}, on {@code manager}'s device.
   */
  static Mlp initialiseStacked(TrialSpec first, NDManager manager, List<? extends RandomGenerator> rngs) {
    int in = ModelInput.width(first.get(Knobs.FLOW) == Flow.MF);
    return Mlp.createStacked(manager, first.get(Knobs.PRECISION).dataType(), in, first.get(Knobs.WIDTH),
        first.get(Knobs.DEPTH), ModelOutput.width(first), rngs);
  }

  public TrialSpec spec() {
    return spec;
  }

  Mlp mlp() {
    return mlp;
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

  /** Loads a model saved for {@code spec} into a sub-manager of {@code manager}; refuses a file saved for another spec. */
  public static TrainedModel load(TrialSpec spec, Path file, NDManager manager) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      String saved = in.readUTF();
      if (!saved.equals(spec.canonical())) {
        throw new IOException(file + " holds a model of another trial: " + saved);
      }
      return new TrainedModel(spec, Mlp.load(manager, in));
    }
  }

  @Override
  public void close() {
    mlp.close();
  }
}
