package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.Checkpoint;
import dev.meanflow.core.trial.CheckpointSink;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.tables.ExecutorInfo;
import dev.meanflow.jobs.tables.FusionPlace;
import dev.meanflow.jobs.search.CheckpointFiles;
import dev.meanflow.jobs.tables.RunContext;
import dev.meanflow.jobs.tables.RungPlace;
import dev.meanflow.jobs.tables.TrialRowBuilder;
import dev.meanflow.jobs.tables.TrialRows;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The executor side of one group of trials (one trial unfused): picks the device Spark assigned (a GPU address,
 * else the CPU) and torch threads from {@code spark.task.cpus}, trains the members together, and returns each
 * member's rows with the executor's provenance and its place in the group.
 */
record TrialTask(RunContext run, TrialFunction function) implements Serializable {

  static final String THREW = "trial runner threw ";

  /**
   * One attempt at one trial, as shipped to the executor.
   *
   * @param canonical the trial's canonical text: what identifies it is exactly what is shipped
   * @param attemptId the driver's name for this attempt, carried by every row it writes
   * @param rung its place in a halving search ({@link RungPlace#NONE} in a grid)
   * @param resumeFrom the checkpoint it continues from (null: from scratch); members of one group share its iteration
   * @param saveTo where its state goes after training (null: not kept)
   */
  record Attempt(String canonical, String attemptId, RungPlace rung, String resumeFrom, String saveTo)
      implements Serializable {
    /** An attempt of a grid search: no rung, no checkpoint. */
    Attempt(String canonical, String attemptId) {
      this(canonical, attemptId, RungPlace.NONE, null, null);
    }
  }

  /** The members of one group attempt, trained together in one task. */
  record GroupAttempt(String groupId, List<Attempt> members) implements Serializable {}

  List<TrialRows> call(GroupAttempt group) {
    TaskContext task = TaskContext.get();
    String gpu = task == null ? null : gpuAddress(task);
    int cpus = task == null ? 1 : task.cpus();
    List<TrialSpec> specs = group.members().stream()
        .map(a -> Knobs.REGISTRY.parse(a.canonical()).toBuilder()
            .with(Knobs.DEVICE, gpu == null ? "cpu" : "gpu:" + gpu)
            .with(Knobs.THREADS, cpus)
            .build())
        .toList();
    ExecutorInfo where = ExecutorInfo.here(SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId(),
        task == null ? 0 : task.attemptNumber(), gpu);
    Instant started = Instant.now();
    List<TrialResult> results;
    try {
      results = run(specs, group.members());
    } catch (RuntimeException e) {
      // The runner promises not to throw; if it does anyway, each trial is still a row, not a lost task.
      results = specs.stream().map(s -> failed(s, THREW + e)).toList();
    }
    Instant finished = Instant.now();
    List<TrialRows> rows = new ArrayList<>();
    for (int k = 0; k < specs.size(); k++) {
      FusionPlace place = new FusionPlace(group.groupId(), specs.size(), k);
      Attempt attempt = group.members().get(k);
      rows.add(TrialRowBuilder.rows(results.get(k), run, attempt.attemptId(), where, place, attempt.rung(), started,
          finished));
    }
    return rows;
  }

  /** Trains the group, through checkpoints when the attempts name them and the function keeps them. */
  private List<TrialResult> run(List<TrialSpec> specs, List<Attempt> attempts) {
    boolean continued = attempts.stream().anyMatch(a -> a.resumeFrom() != null || a.saveTo() != null);
    if (!continued || !function.checkpoints()) {
      return function.runGroup(specs);
    }
    // Hadoop's configuration as the executor's environment gives it: the output root must be reachable from here
    Configuration conf = new Configuration();
    List<Checkpoint> from = attempts.get(0).resumeFrom() == null ? List.of() : attempts.stream()
        .map(a -> Checkpoint.decode(CheckpointFiles.read(a.resumeFrom(), conf))).toList();
    CheckpointSink sink = (member, checkpoint) -> {
      String path = attempts.get(specs.indexOf(member)).saveTo();
      if (path != null) {
        CheckpointFiles.write(path, checkpoint.encode(), conf);
      }
    };
    return function.runGroup(specs, from, sink);
  }

  private static String gpuAddress(TaskContext task) {
    ResourceInformation gpu = task.resourcesJMap().get("gpu");
    return gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0];
  }

  /** A FAILED result that measured nothing. */
  static TrialResult failed(TrialSpec spec, String message) {
    return new TrialResult(spec, TrialStatus.FAILED, message, spec.get(Knobs.DEVICE), 0, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, List.of(), List.of());
  }
}
