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
    return stack(batches.stream().map(rows).toList(), columns, type, step);
  }

  /** One row-major [batch, columns] array per member, already computed. */
  static NDArray stack(List<float[]> members, int columns, DataType type, NDManager step) {
    int n = members.get(0).length / columns;
    float[] all = new float[members.size() * n * columns];
    for (int k = 0; k < members.size(); k++) {
      System.arraycopy(members.get(k), 0, all, k * n * columns, n * columns);
    }
    NDArray array = step.create(all, new Shape(members.size(), n, columns));
    return type == DataType.FLOAT32 ? array : array.toType(type, false);
  }

  /** Every member's MeanFlow input at its batch's (x_t, t, r): (x_t, t, r) or (x_t, t, t - r). */
  static NDArray meanFlowInputs(List<Batch> batches, Conditioning conditioning, DataType type, NDManager step) {
    return stack(batches, 4, b -> ModelInput.inputs(b.size(), b.xt(), b.t(), b.r(), conditioning), type, step);
  }
}
