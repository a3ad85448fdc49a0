package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.Checkpoint;
import dev.meanflow.core.trial.CheckpointSink;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialRunner;
import java.io.Serializable;
import java.util.List;

/**
 * What an executor does with a group of trials; {@link #CORE} in production (fused training), a stand-in where a
 * test injects faults (which runs the members one after another unless it says otherwise).
 */
@FunctionalInterface
public interface TrialFunction extends Serializable {

  TrialFunction CORE = new Core();

  TrialResult run(TrialSpec spec);

  /** One result per member, in order; a member that throws is its own FAILED result. */
  default List<TrialResult> runGroup(List<TrialSpec> members) {
    return members.stream().map(spec -> {
      try {
        return run(spec);
      } catch (RuntimeException e) {
        return TrialTask.failed(spec, TrialTask.THREW + e);
      }
    }).toList();
  }

  /** Whether this function continues from checkpoints and saves them; a stand-in that does not ignores them. */
  default boolean checkpoints() {
    return false;
  }

  /**
   * As {@link #runGroup(List)}, continuing each member from its checkpoint in {@code from} (empty: from scratch)
   * and handing each member's end state to {@code sink}; by default both are ignored.
   */
  default List<TrialResult> runGroup(List<TrialSpec> members, List<Checkpoint> from, CheckpointSink sink) {
    return runGroup(members);
  }

  /** The core runner: a group trains as one fused network. */
  final class Core implements TrialFunction {
    private Core() {}

    @Override
    public TrialResult run(TrialSpec spec) {
      return TrialRunner.run(spec);
    }

    @Override
    public List<TrialResult> runGroup(List<TrialSpec> members) {
      return TrialRunner.runGroup(members);
    }

    @Override
    public boolean checkpoints() {
      return true;
    }

    @Override
    public List<TrialResult> runGroup(List<TrialSpec> members, List<Checkpoint> from, CheckpointSink sink) {
      return TrialRunner.runGroup(members, from, sink);
    }

    private Object readResolve() {
      return CORE;
    }
  }
}
