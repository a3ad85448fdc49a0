package dev.meanflow.core.cli;

import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.JvpMode;
import dev.meanflow.core.spec.Orientation;
import dev.meanflow.core.spec.SamplerKind;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TimeSampling;
import dev.meanflow.core.spec.TrialSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * One command-line option per trial-spec field, named as in sweep files; unset options keep the write-up's defaults
 * of {@link TrialSpec#builder()}.
 */
public final class SpecOptions {

  @Option(names = "--flow", description = "fm or mf (default mf)") String flow;
  @Option(names = "--direction", description = "forward or reverse (default reverse)") String direction;
  @Option(names = "--target", description = "checkerboard, eight-gaussians, two-moons, spirals, rings") String target;
  @Option(names = "--grid-size", description = "checkerboard cells per side (default 4)") Integer gridSize;
  @Option(names = "--scale", description = "target half-width (default 2.0)") Double scale;
  @Option(names = "--width", description = "hidden units per layer (default 128)") Integer width;
  @Option(names = "--depth", description = "hidden layers (default 4; 0 = linear)") Integer depth;
  @Option(names = "--conditioning", description = "t-r or t-delta (default t-r)") String conditioning;
  @Option(names = "--iterations", description = "optimizer steps (default 5001)") Integer iterations;
  @Option(names = "--batch", description = "batch size (default 4096)") Integer batch;
  @Option(names = "--lr", description = "Adam learning rate (default 3e-3)") Double lr;
  @Option(names = "--r-neq-t-share", description = "share of MF samples with r != t (default 1.0)") Double rNeqTShare;
  @Option(names = "--time-sampling", description = "uniform or logit-normal (default uniform)") String timeSampling;
  @Option(names = "--logit-mu", description = "logit-normal mean (default -0.4)") Double logitMu;
  @Option(names = "--logit-sigma", description = "logit-normal std (default 1.0)") Double logitSigma;
  @Option(names = "--adaptive-p", description = "adaptive loss weight power, 0 = plain MSE (default 0)") Double adaptiveP;
  @Option(names = "--adaptive-c", description = "adaptive loss weight constant (default 1e-3)") Double adaptiveC;
  @Option(names = "--orientation", description = "ordered or signed (default ordered)") String orientation;
  @Option(names = "--sampler", description = "euler (fm), writeup or consistent (mf)") String sampler;
  @Option(names = "--jvp", description = "exact or finite-difference (default exact)") String jvp;
  @Option(names = "--seed", description = "trial seed (default 0)") Long seed;
  @Option(names = "--device", description = "cpu, gpu or gpu:N (default cpu)") String device;
  @Option(names = "--threads", description = "torch threads, 0 = torch default (default 0)") Integer threads;
  @Option(names = "--eval-samples", description = "generated points per step count (default 10000)") Integer evalSamples;
  @Option(names = "--eval-steps", split = ",", description = "step counts to evaluate (default 1,2,4,8,16,100)")
  List<Integer> evalSteps;
  @Option(names = "--loss-points", description = "points of the loss curve (default 100)") Integer lossPoints;
  @Option(names = "--kept-samples", description = "generated points kept per step count (default 1000)") Integer keptSamples;

  /**
   * The spec these options describe, or an {@link IllegalArgumentException} whose message lists every problem.
   */
  public TrialSpec toSpec() {
    List<String> problems = new ArrayList<>();
    TrialSpec.Builder b = TrialSpec.builder();
    parse(problems, () -> { if (flow != null) b.flow(Flow.parse("flow", flow)); });
    parse(problems, () -> { if (direction != null) b.direction(Direction.parse("direction", direction)); });
    parse(problems, () -> { if (target != null) b.target(TargetKind.parse("target", target)); });
    parse(problems, () -> { if (conditioning != null) b.conditioning(Conditioning.parse("conditioning", conditioning)); });
    parse(problems, () -> { if (timeSampling != null) b.timeSampling(TimeSampling.parse("time-sampling", timeSampling)); });
    parse(problems, () -> { if (orientation != null) b.orientation(Orientation.parse("orientation", orientation)); });
    parse(problems, () -> { if (sampler != null) b.sampler(SamplerKind.parse("sampler", sampler)); });
    parse(problems, () -> { if (jvp != null) b.jvp(JvpMode.parse("jvp", jvp)); });
    if (gridSize != null) b.gridSize(gridSize);
    if (scale != null) b.scale(scale);
    if (width != null) b.width(width);
    if (depth != null) b.depth(depth);
    if (iterations != null) b.iterations(iterations);
    if (batch != null) b.batch(batch);
    if (lr != null) b.lr(lr);
    if (rNeqTShare != null) b.rNeqTShare(rNeqTShare);
    if (logitMu != null) b.logitMu(logitMu);
    if (logitSigma != null) b.logitSigma(logitSigma);
    if (adaptiveP != null) b.adaptiveP(adaptiveP);
    if (adaptiveC != null) b.adaptiveC(adaptiveC);
    if (seed != null) b.seed(seed);
    if (device != null) b.device(device);
    if (threads != null) b.threads(threads);
    if (evalSamples != null) b.evalSamples(evalSamples);
    if (evalSteps != null) b.evalSteps(evalSteps);
    if (lossPoints != null) b.lossPoints(lossPoints);
    if (keptSamples != null) b.keptSamples(keptSamples);
    if (problems.isEmpty()) {
      problems.addAll(b.build().problems());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return b.build();
  }

  private static void parse(List<String> problems, Runnable step) {
    try {
      step.run();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
  }
}
