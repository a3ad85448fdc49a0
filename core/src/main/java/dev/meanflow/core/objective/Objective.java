package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.util.List;

/**
 * A training loss over a stacked network: one batch per member in, one loss per member out, whose sum's gradient
 * trains every member as its own loss would.
 */
public sealed interface Objective
    permits FlowMatchingObjective, MeanFlowObjective, SplitMeanFlowObjective, ImprovedMeanFlowObjective {

  /** The members' losses, a [K] tensor owned by {@code step}. Call with gradient recording on. */
  NDArray losses(Mlp model, List<Batch> batches, NDManager step);

  /**
   * The objective of a group of trials, which share flow, objective, conditioning and JVP mode; the adaptive weight
   * is each member's own.
   */
  static Objective of(List<TrialSpec> members) {
    TrialSpec first = members.get(0);
    AdaptiveWeight weight = AdaptiveWeight.of(members);
    if (first.get(Knobs.FLOW) == Flow.FM) {
      return new FlowMatchingObjective(weight);
    }
    Conditioning conditioning = first.get(Knobs.CONDITIONING);
    return switch (first.get(Knobs.OBJECTIVE)) {
      case MEANFLOW -> new MeanFlowObjective(conditioning, first.get(Knobs.JVP), weight);
      case SPLIT -> new SplitMeanFlowObjective(conditioning, weight);
      case IMPROVED -> new ImprovedMeanFlowObjective(conditioning, first.get(Knobs.JVP), weight);
    };
  }
}
