package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.TrialSpec;

/** A training loss: one scalar per batch whose gradient trains the model. */
public sealed interface Objective permits FlowMatchingObjective, MeanFlowObjective {

  /** The batch loss as a scalar tensor owned by {@code step}. Call with gradient recording on. */
  NDArray loss(Mlp model, Batch batch, NDManager step);

  static Objective of(TrialSpec spec) {
    AdaptiveWeight weight = new AdaptiveWeight(spec.adaptiveP(), spec.adaptiveC());
    return spec.flow() == Flow.FM
        ? new FlowMatchingObjective(weight)
        : new MeanFlowObjective(spec.conditioning(), spec.jvp(), weight);
  }
}
