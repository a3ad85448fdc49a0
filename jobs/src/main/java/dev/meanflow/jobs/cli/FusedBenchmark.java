package dev.meanflow.jobs.cli;

import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialRunner;
import dev.meanflow.core.trial.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trials per hour of fused groups of K MeanFlow trials (seeds and learning rates differing) against K = 1, at the
 * quick sweep's size and the write-up's, rounds interleaved so every K sees the same machine load. Training only:
 * evaluation runs member by member either way.
 */
final class FusedBenchmark {

  /** A network and batch size, with the iterations one trial of it trains for. */
  record Size(String name, int width, int batch, int trialIterations) {}

  static final List<Size> SIZES = List.of(new Size("quick", 64, 1024, 800),
      new Size("write-up", Knobs.WIDTH.defaultValue(), Knobs.BATCH.defaultValue(), Knobs.ITERATIONS.defaultValue()));

  private final int iterations;
  private final int rounds;
  private final int threads;
  private final String device;
  private final List<Integer> groupSizes;

  FusedBenchmark(int iterations, int rounds, int threads, String device, List<Integer> groupSizes) {
    this.iterations = iterations;
    this.rounds = rounds;
    this.threads = threads;
    this.device = device;
    this.groupSizes = groupSizes;
  }

  int run(PrintWriter out) throws IOException {
    if (groupSizes.stream().anyMatch(k -> k < 1 || k > 256)) {
      throw new IllegalArgumentException("--fuse: every group size must be in [1, 256], got " + groupSizes);
    }
    Map<String, List<Double>> rates = new LinkedHashMap<>(); // size/K -> group iterations per second
    String ranOn = null;
    for (int round = 0; round < rounds + 1; round++) {
      for (Size size : SIZES) {
        for (int k : groupSizes) {
          List<TrialResult> results = TrialRunner.runGroup(members(size, k));
          TrialResult first = results.get(0);
          if (first.status() != TrialStatus.OK) {
            throw new IllegalStateException("fused benchmark group of " + k + " " + first.status() + ": "
                + first.message());
          }
          ranOn = first.device();
          if (round > 0) { // round 0 warms up the JIT and the allocator and is not counted
            rates.computeIfAbsent(size.name() + "/" + k, key -> new ArrayList<>()).add(first.iterationsPerSecond());
          }
        }
      }
      if (round > 0) {
        out.printf(Locale.ROOT, "round %d of %d done%n", round, rounds);
        out.flush();
      }
    }
    out.printf(Locale.ROOT, "fused MeanFlow trials on %s, torch threads %d, %d iterations x %d rounds (median)%n",
        ranOn, threads, iterations, rounds);
    out.printf(Locale.ROOT, "%-8s %5s %11s %13s %12s %8s%n", "size", "K", "group it/s", "trial-it/s", "trials/h",
        "vs K=1");
    for (Size size : SIZES) {
      double alone = Double.NaN;
      for (int k : groupSizes) {
        double groupRate = BenchmarkCommand.median(rates.get(size.name() + "/" + k));
        double trialsPerHour = k * groupRate * 3600 / size.trialIterations();
        if (k == 1) {
          alone = trialsPerHour;
        }
        out.printf(Locale.ROOT, "%-8s %5d %11.1f %13.1f %12.1f %8s%n", size.name(), k, groupRate, k * groupRate,
            trialsPerHour, Double.isNaN(alone) ? "" : String.format(Locale.ROOT, "%.2fx", trialsPerHour / alone));
      }
      out.printf(Locale.ROOT, "  (%s: width %d, batch %d, depth %d; trials/h at %d iterations per trial)%n",
          size.name(), size.width(), size.batch(), Knobs.DEPTH.defaultValue(), size.trialIterations());
    }
    out.printf(Locale.ROOT, "peak memory: process RSS %s, JVM heap committed %d MB%n", BenchmarkCommand.peakRss(),
        Runtime.getRuntime().totalMemory() / (1 << 20));
    return 0;
  }

  private List<TrialSpec> members(Size size, int k) {
    List<TrialSpec> members = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      members.add(TrialSpec.builder().with(Knobs.ITERATIONS, iterations).with(Knobs.BATCH, size.batch())
          .with(Knobs.WIDTH, size.width()).with(Knobs.THREADS, threads).with(Knobs.DEVICE, device)
          .with(Knobs.SEED, (long) i).with(Knobs.LR, i % 2 == 0 ? 3e-3 : 1e-3)
          .with(Knobs.EVAL_SAMPLES, 2).with(Knobs.EVAL_STEPS, List.of(1)).with(Knobs.KEPT_SAMPLES, 0).build());
    }
    return members;
  }
}
