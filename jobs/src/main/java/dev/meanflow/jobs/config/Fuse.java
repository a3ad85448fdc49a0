package dev.meanflow.jobs.config;

import java.util.regex.Pattern;

/**
 * {@code sweep.fuse}: how many trials at most train as one fused group in one Spark task. {@code off} is one
 * trial per task; {@code auto} chooses from the executors' device ({@link #AUTO_CPU} on CPUs, {@link #AUTO_GPU}
 * on GPUs, where one trial leaves the device mostly idle).
 */
public record Fuse(boolean auto, int most) {

  /**
   * Measured on 2 CPU cores (README, fused benchmark): 2.7x the trials per hour of one trial at the quick size,
   * 1.8x at the write-up's; beyond it the write-up's activations pass glibc's 32 MB mmap threshold and slow down.
   */
  public static final int AUTO_CPU = 8;
  public static final int AUTO_GPU = 16;
  public static final int MAX = 64;
  static final Pattern VALUE = Pattern.compile("auto|off|[1-9][0-9]{0,1}");
  static final String RULE = "must be auto, off or a number of trials in [1, " + MAX + "]";

  public static boolean valid(String value) {
    return VALUE.matcher(value).matches() && (!Character.isDigit(value.charAt(0)) || Integer.parseInt(value) <= MAX);
  }

  /** A value {@link #valid} accepts. */
  public static Fuse parse(String value) {
    return switch (value) {
      case "auto" -> new Fuse(true, 0);
      case "off" -> new Fuse(false, 1);
      default -> new Fuse(false, Integer.parseInt(value));
    };
  }

  /** Most members per task, for executors with GPUs or without. */
  public int most(boolean gpus) {
    return auto ? (gpus ? AUTO_GPU : AUTO_CPU) : most;
  }
}
