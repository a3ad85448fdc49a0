package dev.meanflow.core.trial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One member's training state after {@code iteration} optimizer steps: its parameters, Adam's moments, its weight
 * average, and its training health so far, bit for bit. Training resumed from it takes the steps the uninterrupted
 * training would have taken: the data stream is brought to its position by drawing the {@code iteration} batches
 * it drew (SplittableRandom exposes no state to save; the draws are host work only, no training), and every other
 * stream (evaluation noise, reference, metrics, truth) is only read after training, from its start.
 *
 * @param lineage the trial without its budget ({@link #lineage(TrialSpec)}): only such a trial may resume from it
 * @param iteration optimizer steps taken (Adam's step count too)
 * @param arrays parameters, first then second moments, then the averages if {@code averaged}, as an encoded NDList
 * @param losses the loss curve of the training that ended here (since its own start): a trial whose result was
 *     lost after its checkpoint was saved is evaluated again from it, with these losses, and not trained again
 */
public record Checkpoint(String lineage, int iteration, int parameterArrays, boolean averaged, byte[] arrays,
    Health health, List<LossPoint> losses) {

  private static final int FORMAT = 1;

  /** The host-side counters a resumed training goes on from. */
  public record Health(double[] recentLosses, boolean inSpike, int spikes, double maxGradNorm) {}

  /** What identifies the training a checkpoint belongs to: every identity knob but the budget. */
  public static String lineage(TrialSpec spec) {
    return spec.with(Knobs.ITERATIONS, 1).canonical();
  }

  /**
   * Whether {@code spec} continues the training this checkpoint saved: the same lineage, a budget at least as large
   * (equal: nothing left to train, only to evaluate).
   */
  public boolean continues(TrialSpec spec) {
    return lineage.equals(lineage(spec)) && spec.get(Knobs.ITERATIONS) >= iteration;
  }

  /** The saved arrays, decoded into {@code manager} (so onto its device). */
  State decode(NDManager manager) {
    List<NDArray> all = NDList.decode(manager, arrays);
    int p = parameterArrays;
    List<NDArray> parameters = new ArrayList<>(all.subList(0, p));
    List<NDArray> moments = new ArrayList<>(all.subList(p, 3 * p));
    List<NDArray> averages = averaged ? new ArrayList<>(all.subList(3 * p, 4 * p)) : parameters;
    return new State(parameters, moments, averages);
  }

  /** Decoded arrays; a member saved without an average averages its own weights (decay 0). */
  record State(List<NDArray> parameters, List<NDArray> moments, List<NDArray> averages) {}

  static Checkpoint of(TrialSpec spec, int iteration, List<NDArray> parameters, List<NDArray> moments,
      List<NDArray> averages, Health health, List<LossPoint> losses) {
    NDList all = new NDList(parameters);
    all.addAll(moments);
    if (averages != null) {
      all.addAll(averages);
    }
    return new Checkpoint(lineage(spec), iteration, parameters.size(), averages != null, all.encode(), health,
        losses);
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(arrays.length + 1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeUTF(lineage);
      out.writeInt(iteration);
      out.writeInt(parameterArrays);
      out.writeBoolean(averaged);
      out.writeInt(health.recentLosses().length);
      for (double loss : health.recentLosses()) {
        out.writeDouble(loss);
      }
      out.writeBoolean(health.inSpike());
      out.writeInt(health.spikes());
      out.writeDouble(health.maxGradNorm());
      out.writeInt(losses.size());
      for (LossPoint point : losses) {
        out.writeInt(point.iteration());
        out.writeDouble(point.loss());
      }
      out.writeInt(arrays.length);
      out.write(arrays);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException when {@code bytes} is not a checkpoint of this format, e.g. truncated */
  public static Checkpoint decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException("checkpoint format " + format + ", expected " + FORMAT);
      }
      String lineage = in.readUTF();
      int iteration = in.readInt();
      int parameterArrays = in.readInt();
      boolean averaged = in.readBoolean();
      double[] recent = new double[in.readInt()];
      for (int i = 0; i < recent.length; i++) {
        recent[i] = in.readDouble();
      }
      Health health = new Health(recent, in.readBoolean(), in.readInt(), in.readDouble());
      List<LossPoint> losses = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        losses.add(new LossPoint(in.readInt(), in.readDouble()));
      }
      int length = in.readInt();
      byte[] arrays = in.readNBytes(length);
      if (arrays.length != length || in.read() != -1) {
        throw new IllegalArgumentException("checkpoint of " + bytes.length + " bytes is truncated or has trailing bytes");
      }
      return new Checkpoint(lineage, iteration, parameterArrays, averaged, arrays, health, List.copyOf(losses));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a complete checkpoint: " + e, e);
    }
  }
}
