package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.meanflow.core.spec.Conditioning;
import java.util.List;
import java.util.function.Function;

/** Member batches laid side by side as [K, batch, columns] tensors of the network's type. */
final class StackedInputs {
  private StackedInputs() {}

  /** {@code rows.apply(batch)}: one member's row-major [batch, columns] values. */
  static NDArray stack(List<Batch> batches, int columns, Function<Batch, float[]> rows, DataType type,
      NDManager step) {
    int n = batches.get(0).size();
    float[] all = new float[batches.size() * n * columns];
    for (int k = 0; k < batches.size(); k++) {
      float[] member = rows.apply(batches.get(k));
      System.arraycopy(member, 0, all, k * n * columns, n * columns);
    }
    NDArray array = step.create(all, new Shape(batches.size(), n, columns));
    return type == DataType.FLOAT32 ? array : array.toType(type, false);
  }

  /** Every member's MeanFlow input at its batch's (x_t, t, r): (x_t, t, r) or (x_t, t, t - r). */
  static NDArray meanFlowInputs(List<Batch> batches, Conditioning conditioning, DataType type, NDManager step) {
    return stack(batches, 4, b -> ModelInput.inputs(b.size(), b.xt(), b.t(), b.r(), conditioning), type, step);
  }
}
