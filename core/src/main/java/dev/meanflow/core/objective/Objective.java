package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;

/** A training loss: one scalar per batch whose gradient trains the model. */
public sealed interface Objective permits FlowMatchingObjective, MeanFlowObjective {

  /** The batch loss as a scalar tensor owned by {@code step}. Call with gradient recording on. */
  NDArray loss(Mlp model, Batch batch, NDManager step);

  static Objective of(TrialSpec spec) {
    AdaptiveWeight weight = new AdaptiveWeight(spec.get(Knobs.ADAPTIVE_P), spec.get(Knobs.ADAPTIVE_C));
    return spec.get(Knobs.FLOW) == Flow.FM
        ? new FlowMatchingObjective(weight)
        : new MeanFlowObjective(spec.get(Knobs.CONDITIONING), spec.get(Knobs.JVP), weight);
  }
}
