package dev.meanflow.core.trial;

import dev.meanflow.core.spec.TrialSpec;

/** Takes each member's training state at the end of its training, before evaluation. Called on the training thread. */
@FunctionalInterface
public interface CheckpointSink {

  /** Throwing fails the member: a search must not promote a trial whose state was lost. */
  void save(TrialSpec member, Checkpoint checkpoint);
}
