package dev.meanflow.jobs.cluster;

import ai.djl.util.cuda.CudaUtils;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPU Spark assigned to the running task, and the device a trial should train on with it.
 *
 * <p>On a cluster with {@code spark.task.resource.gpu.amount} set, Spark hands each task one GPU address (several
 * tasks share one address when the amount is a fraction). A trial that asked for a GPU uses that address; a trial
 * that asked for {@code cpu} stays on the CPU. When no CUDA device is visible (no GPU, CPU-only libtorch, or a fake
 * discovery script in tests) the trial falls back to the CPU and says so in the executor log.
 *
 * @param address the GPU address Spark assigned, or null when the task got none
 * @param device the device to train on: {@code cpu} or {@code gpu:N}
 * @param fallback why a GPU was not used although one was asked for or assigned, or null
 */
public record GpuAssignment(String address, String device, String fallback) {
  private static final Logger LOG = LoggerFactory.getLogger(GpuAssignment.class);

  /** Decides for the task running on this thread; logs a fallback at WARN. Outside a Spark task: no address. */
  public static GpuAssignment forCurrentTask(String requestedDevice) {
    String address = taskGpuAddress().orElse(null);
    boolean wantsGpu = requestedDevice.startsWith("gpu");
    // CudaUtils probes libcudart through JNA; only worth doing when a GPU could be used
    int cudaDevices = wantsGpu ? CudaUtils.getGpuCount() : 0;
    GpuAssignment choice = choose(requestedDevice, address, cudaDevices);
    if (choice.fallback() != null) {
      LOG.warn("{}", choice.fallback());
    }
    return choice;
  }

  /** The first GPU address Spark assigned to the current task, if any. */
  public static Optional<String> taskGpuAddress() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return Optional.empty();
    }
    ResourceInformation gpu = task.resourcesJMap().get("gpu");
    if (gpu == null || gpu.addresses().length == 0) {
      return Optional.empty();
    }
    return Optional.of(gpu.addresses()[0]);
  }

  /**
   * The pure decision: {@code cpu} stays on the CPU; {@code gpu} or {@code gpu:N} use Spark's address when there is
   * one (Spark's assignment wins over N, which only makes sense on a single machine), else N (0 for {@code gpu});
   * no visible CUDA device, or an address beyond them, falls back to {@code cpu} with a message.
   */
  public static GpuAssignment choose(String requestedDevice, String address, int cudaDevices) {
    if (!requestedDevice.startsWith("gpu")) {
      return new GpuAssignment(address, "cpu", null);
    }
    String wanted = address != null ? address
        : requestedDevice.contains(":") ? requestedDevice.substring(requestedDevice.indexOf(':') + 1) : "0";
    String source = address != null ? "Spark assigned GPU address " + address : "requested " + requestedDevice;
    if (cudaDevices <= 0) {
      return new GpuAssignment(address, "cpu",
          source + " but no CUDA device is visible to this executor (CPU-only libtorch or no GPU): "
              + "falling back to CPU");
    }
    int index;
    try {
      index = Integer.parseInt(wanted);
    } catch (NumberFormatException e) {
      return new GpuAssignment(address, "cpu",
          source + " is not a CUDA device index (the discovery script must print indices): falling back to CPU");
    }
    if (index < 0 || index >= cudaDevices) {
      return new GpuAssignment(address, "cpu",
          source + " but only " + cudaDevices + " CUDA device(s) are visible: falling back to CPU");
    }
    return new GpuAssignment(address, "gpu:" + index, null);
  }
}
