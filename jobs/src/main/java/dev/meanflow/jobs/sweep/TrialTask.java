package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.tables.ExecutorInfo;
import dev.meanflow.jobs.tables.RunContext;
import dev.meanflow.jobs.tables.TrialRowBuilder;
import dev.meanflow.jobs.tables.TrialRows;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The executor side of one trial: picks the device Spark assigned (a GPU address, else the CPU) and torch threads
 * from {@code spark.task.cpus}, runs the trial, and returns its rows with the executor's provenance.
 */
record TrialTask(RunContext run, TrialFunction function) implements Serializable {

  /**
   * One attempt at one trial, as shipped to the executor.
   *
   * @param canonical the trial's canonical text: what identifies it is exactly what is shipped
   * @param attemptId the driver's name for this attempt, carried by every row it writes
   */
  record Attempt(String canonical, String attemptId) implements Serializable {}

  TrialRows call(Attempt attempt) {
    String canonical = attempt.canonical();
    TaskContext task = TaskContext.get();
    String gpu = task == null ? null : gpuAddress(task);
    int cpus = task == null ? 1 : task.cpus();
    TrialSpec spec = Knobs.REGISTRY.parse(canonical).toBuilder()
        .with(Knobs.DEVICE, gpu == null ? "cpu" : "gpu:" + gpu)
        .with(Knobs.THREADS, cpus)
        .build();
    ExecutorInfo where = ExecutorInfo.here(SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId(),
        task == null ? 0 : task.attemptNumber(), gpu);
    Instant started = Instant.now();
    TrialResult result;
    try {
      result = function.run(spec);
    } catch (RuntimeException e) {
      // The runner promises not to throw; if it does anyway, the trial is still a row, not a lost task.
      result = failed(spec, "trial runner threw " + e);
    }
    return TrialRowBuilder.rows(result, run, attempt.attemptId(), where, started, Instant.now());
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
