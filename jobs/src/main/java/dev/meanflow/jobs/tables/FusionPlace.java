package dev.meanflow.jobs.tables;

/**
 * The fused group a trial trained in: every member's trials row carries it, so speed can be read per trial and per
 * group. A trial trained alone is a group of one.
 *
 * @param groupId the same for every member of one group attempt
 * @param size members the group started with
 * @param position this member's place in the group, from 0
 */
public record FusionPlace(String groupId, int size, int position) {

  public static FusionPlace alone(String attemptId) {
    return new FusionPlace(attemptId, 1, 0);
  }
}
