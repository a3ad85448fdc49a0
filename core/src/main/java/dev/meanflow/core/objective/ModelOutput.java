package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;

/** The network's output columns: the velocity (v or u), then, for improved MeanFlow, its auxiliary v head. */
public final class ModelOutput {
  private ModelOutput() {}

  public static int width(TrialSpec spec) {
    return spec.get(Knobs.FLOW) == Flow.MF ? spec.get(Knobs.OBJECTIVE).outputs() : 2;
  }

  /** The velocity a sampler follows, out of {@code [..., width]}: the first two columns. */
  public static NDArray velocity(NDArray out) {
    return head(out, 0);
  }

  /** The auxiliary v of improved MeanFlow, out of {@code [..., 4]}. */
  static NDArray auxiliary(NDArray out) {
    return head(out, 2);
  }

  private static NDArray head(NDArray out, int from) {
    long width = out.getShape().get(out.getShape().dimension() - 1);
    return from == 0 && width == 2 ? out : out.get(new NDIndex("..., " + from + ":" + (from + 2)));
  }
}
