package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.spec.Conditioning;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * SplitMeanFlow (Guo et al. 2025, arXiv 2507.16884): the interval-splitting identity
 * (t - r) u(z_t, r, t) = (s - r) u(z_s, r, s) + (t - s) u(z_t, s, t) as a regression with no derivative at all.
 * With lambda ~ U(0, 1) per sample, s = t - lambda (t - r) and z_s = z_t - (t - s) u(z_t, s, t), the network's
 * u(z_t, r, t) regresses on sg((1 - lambda) u(z_s, r, s) + lambda u(z_t, s, t)); where r = t (the boundary the
 * identity leaves free) it regresses on v, plain flow matching. Three forward passes, two without gradient.
 */
public record SplitMeanFlowObjective(Conditioning conditioning, AdaptiveWeight weight) implements Objective {

  @Override
  public NDArray losses(Mlp model, List<Batch> batches, NDManager step) {
    NDArray u = model.forward(StackedInputs.meanFlowInputs(batches, conditioning, model.dataType(), step));
    return weight.losses(u.sub(target(model, batches, step)));
  }

  /** The stop-gradient target, computed with gradient recording off. */
  private NDArray target(Mlp model, List<Batch> batches, NDManager step) {
    boolean recording = Torch.isRecording();
    Torch.recordGradients(false);
    try {
      List<float[]> points = batches.stream().map(SplitMeanFlowObjective::splitPoints).toList();
      // u(z_t, s, t): the later part of the interval, from the batch's own point
      NDArray late = model.forward(StackedInputs.stack(perMember(batches, points,
          (b, s) -> ModelInput.inputs(b.size(), b.xt(), b.t(), s, conditioning)), 4, model.dataType(), step));
      NDArray xt = StackedInputs.stack(batches, 2, Batch::xt, model.dataType(), step);
      NDArray zs = xt.sub(late.mul(StackedInputs.stack(perMember(batches, points, (b, s) -> difference(b.t(), s)),
          1, model.dataType(), step)));
      // u(z_s, r, s): the earlier part, from where the later one lands
      NDArray times = StackedInputs.stack(perMember(batches, points, this::earlierTimes), 2, model.dataType(),
          step);
      NDArray early = model.forward(NDArrays.concat(new NDList(zs, times), 2));
      NDArray lambda = StackedInputs.stack(batches, 1, Batch::split, model.dataType(), step);
      NDArray split = early.mul(lambda.neg().add(1)).add(late.mul(lambda));
      NDArray v = StackedInputs.stack(batches, 2, Batch::v, model.dataType(), step);
      NDArray distinct = StackedInputs.stack(batches, 1, SplitMeanFlowObjective::distinct, model.dataType(), step);
      return v.add(split.sub(v).mul(distinct)).stopGradient();
    } finally {
      Torch.recordGradients(recording);
    }
  }

  /** s = t - lambda (t - r) per sample. */
  private static float[] splitPoints(Batch b) {
    float[] s = new float[b.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = b.t()[i] - b.split()[i] * (b.t()[i] - b.r()[i]);
    }
    return s;
  }

  /** {@code rows(batch, its split points)} member by member. */
  private static List<float[]> perMember(List<Batch> batches, List<float[]> points,
      BiFunction<Batch, float[], float[]> rows) {
    return IntStream.range(0, batches.size()).mapToObj(k -> rows.apply(batches.get(k), points.get(k))).toList();
  }

  /** The (time, second time) input columns of u(z_s, r, s). */
  private float[] earlierTimes(Batch b, float[] s) {
    float[] columns = new float[2 * b.size()];
    for (int i = 0; i < b.size(); i++) {
      columns[2 * i] = s[i];
      columns[2 * i + 1] = conditioning.second(s[i], b.r()[i]);
    }
    return columns;
  }

  private static float[] difference(float[] a, float[] b) {
    float[] d = new float[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static float[] distinct(Batch b) {
    float[] mask = new float[b.size()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = b.r()[i] != b.t()[i] ? 1 : 0;
    }
    return mask;
  }
}
