package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.util.List;

/**
 * A training loss over a stacked network: one batch per member in, one loss per member out, whose sum's gradient
 * trains every member as its own loss would.
 */
public sealed interface Objective permits FlowMatchingObjective, MeanFlowObjective {

  /** The members' losses, a [K] tensor owned by {@code step}. Call with gradient recording on. */
  NDArray losses(Mlp model, List<Batch> batches, NDManager step);

  /**
   * The objective of a group of trials, which share flow, conditioning and JVP mode; the adaptive weight is each
   * member's own.
   */
  static Objective of(List<TrialSpec> members) {
    TrialSpec first = members.get(0);
    AdaptiveWeight weight = AdaptiveWeight.of(members);
    return first.get(Knobs.FLOW) == Flow.FM
        ? new FlowMatchingObjective(weight)
        : new MeanFlowObjective(first.get(Knobs.CONDITIONING), first.get(Knobs.JVP), weight);
  }
}
