package dev.meanflow.jobs.cli;

import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialRunner;
import dev.meanflow.core.trial.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanflow benchmark}: training throughput of FM and MF on the write-up's network, rounds interleaved so both
 * see the same machine load; prints iterations/s, the MF/FM time ratio, threads and peak memory. With
 * {@code --fuse}, instead: trials per hour of fused groups of K MeanFlow trials against K = 1, at the quick sweep's
 * size and the write-up's, side by side.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = "Measure FM and MF training throughput (iterations/s) and the MF/FM time ratio, or with --fuse "
        + "the trials per hour of fused groups.")
public final class BenchmarkCommand implements Callable<Integer> {

  @Option(names = "--iterations", defaultValue = "200", description = "iterations per round (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--rounds", defaultValue = "3", description = "rounds per flow (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--batch", description = "batch size (default: the batch knob's, ${DEFAULT-VALUE})")
  int batch = Knobs.BATCH.defaultValue();

  @Option(names = "--width", description = "hidden width (default: the width knob's, ${DEFAULT-VALUE})")
  int width = Knobs.WIDTH.defaultValue();

  @Option(names = "--threads", defaultValue = "2", description = "torch threads (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--fuse", split = ",", paramLabel = "K",
      description = "group sizes to compare, e.g. 1,2,4,8,16,32: trials per hour of fused MF groups at the quick "
          + "size (width 64, batch 1024, 800 iterations per trial) and the write-up's (width 128, batch 4096, 5001)")
  List<Integer> fuse = List.of();

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu[:N] (default ${DEFAULT-VALUE})")
  String device;

  @Spec CommandSpec command;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = command.commandLine().getOut();
    if (iterations < 1 || rounds < 1 || batch < 1 || width < 1 || threads < 1) {
      throw new picocli.CommandLine.ParameterException(command.commandLine(),
          "iterations, rounds, batch, width and threads must all be >= 1");
    }
    Torch.ensureLoaded();
    Torch.setThreads(threads);
    if (!fuse.isEmpty()) {
      return new FusedBenchmark(iterations, rounds, threads, device, fuse).run(out);
    }
    List<Double> fm = new ArrayList<>();
    List<Double> mf = new ArrayList<>();
    for (int round = 0; round < rounds + 1; round++) {
      // round 0 warms up the JIT and the allocator and is not counted
      double fmRate = measure(Flow.FM);
      double mfRate = measure(Flow.MF);
      if (round > 0) {
        fm.add(fmRate);
        mf.add(mfRate);
        out.printf(Locale.ROOT, "round %d: FM %.1f it/s, MF %.1f it/s%n", round, fmRate, mfRate);
      }
    }
    double fmBest = fm.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    double mfBest = mf.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    out.printf(Locale.ROOT, "batch %d, width %d, depth %d, %d iterations x %d rounds, torch threads %d%n",
        batch, width, Knobs.DEPTH.defaultValue(), iterations, rounds, Torch.threads());
    out.printf(Locale.ROOT, "FM  best %.1f it/s, median %.1f it/s%n", fmBest, median(fm));
    out.printf(Locale.ROOT, "MF  best %.1f it/s, median %.1f it/s%n", mfBest, median(mf));
    out.printf(Locale.ROOT, "MF/FM time ratio %.2f (best), %.2f (median)%n", fmBest / mfBest,
        median(fm) / median(mf));
    out.printf(Locale.ROOT, "peak memory: process RSS %s, JVM heap committed %d MB%n", peakRss(),
        Runtime.getRuntime().totalMemory() / (1 << 20));
    return 0;
  }

  private double measure(Flow flow) {
    TrialSpec spec = TrialSpec.builder().with(Knobs.FLOW, flow).with(Knobs.ITERATIONS, iterations)
        .with(Knobs.BATCH, batch).with(Knobs.WIDTH, width).with(Knobs.THREADS, threads).with(Knobs.EVAL_SAMPLES, 2)
        .with(Knobs.EVAL_STEPS, List.of(1)).with(Knobs.KEPT_SAMPLES, 0).build();
    TrialResult result = TrialRunner.run(spec);
    if (result.status() != TrialStatus.OK) {
      throw new IllegalStateException(flow + " benchmark trial " + result.status() + ": " + result.message());
    }
    return result.iterationsPerSecond();
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** VmHWM of this process: libtorch allocates outside the Java heap, so the heap alone would undercount. */
  static String peakRss() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "n/a";
    }
    return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
        .map(l -> Arrays.stream(l.split("\\s+")).skip(1).findFirst().orElse("?"))
        .map(kb -> Long.parseLong(kb) / 1024 + " MB").findFirst().orElse("n/a");
  }
}
