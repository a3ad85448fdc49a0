package dev.meanflow.core.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device a trial asked for ({@code cpu}, {@code gpu}, {@code gpu:N}) and the one it gets: a GPU request on a
 * machine where libtorch sees no such GPU falls back to the CPU with a log line saying so.
 *
 * @param device the device that will run the trial
 * @param note null, or why the trial does not run where it asked
 */
public record DeviceChoice(Device device, String note) {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceChoice.class);

  public static DeviceChoice resolve(String requested) {
    if (requested.equals("cpu")) {
      return new DeviceChoice(Device.cpu(), null);
    }
    int index = requested.equals("gpu") ? 0 : Integer.parseInt(requested.substring("gpu:".length()));
    Torch.ensureLoaded();
    int visible = Engine.getEngine("PyTorch").getGpuCount();
    if (index < visible) {
      return new DeviceChoice(Device.gpu(index), null);
    }
    String note = "GPU " + index + " requested but libtorch sees " + visible + " CUDA device(s); running on CPU";
    LOG.warn(note);
    return new DeviceChoice(Device.cpu(), note);
  }

  /** {@code cpu} or {@code gpu:N}, the form stored with results. */
  public String name() {
    return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
  }
}
