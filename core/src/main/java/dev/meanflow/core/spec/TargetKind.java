package dev.meanflow.core.spec;

import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.distribution.Distribution;
import dev.meanflow.core.distribution.EightGaussians;
import dev.meanflow.core.distribution.Rings;
import dev.meanflow.core.distribution.Spirals;
import dev.meanflow.core.distribution.TwoMoons;
import dev.meanflow.core.metric.Metric;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The 2D target distributions, each with its factory (reading its parameters, the {@link Knob.Role#TARGET} knobs,
 * from the spec), whether it has cells (the cell metrics apply; its factory then returns a {@link Checkerboard}),
 * and the two metrics that rank and describe results on it. To add a target: a constant here and its distribution.
 */
public enum TargetKind implements Keyed {
  CHECKERBOARD(true, Metric.CELL_TV, Metric.IN_SUPPORT,
      s -> new Checkerboard(s.get(Knobs.GRID_SIZE), s.get(Knobs.SCALE))),
  EIGHT_GAUSSIANS(false, Metric.SWD, Metric.MMD, s -> new EightGaussians(s.get(Knobs.SCALE))),
  TWO_MOONS(false, Metric.SWD, Metric.MMD, s -> new TwoMoons(s.get(Knobs.SCALE))),
  SPIRALS(false, Metric.SWD, Metric.MMD, s -> new Spirals(s.get(Knobs.SCALE))),
  RINGS(false, Metric.SWD, Metric.MMD, s -> new Rings(s.get(Knobs.SCALE)));

  private final boolean cells;
  private final Metric primary;
  private final Metric secondary;
  private final Function<TrialSpec, Distribution> factory;

  TargetKind(boolean cells, Metric primary, Metric secondary, Function<TrialSpec, Distribution> factory) {
    this.cells = cells;
    this.primary = primary;
    this.secondary = secondary;
    this.factory = factory;
  }

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }

  /** The distribution of {@code spec}'s target with its parameters. */
  public Distribution create(TrialSpec spec) {
    return factory.apply(spec);
  }

  /** Whether samples are scored cell by cell (the checkerboard): the one place that question is answered. */
  public boolean hasCells() {
    return cells;
  }

  /** The metric that ranks configurations on this target (the write-up's cell TV on the checkerboard). */
  public Metric primaryMetric() {
    return primary;
  }

  /** The metric shown beside the primary one. */
  public Metric secondaryMetric() {
    return secondary;
  }

  /** Every metric that applies to this target, in registry order. */
  public List<Metric> metrics() {
    return Arrays.stream(Metric.values()).filter(m -> cells || m.scope() != Metric.Scope.CELLS).toList();
  }

  /** The knobs that parameterise this target. */
  public List<Knob<?>> parameters() {
    TrialSpec probe = TrialSpec.builder().with(Knobs.TARGET, this).build();
    return Knobs.REGISTRY.withRole(Knob.Role.TARGET).stream().filter(k -> k.appliesTo(probe)).toList();
  }
}
