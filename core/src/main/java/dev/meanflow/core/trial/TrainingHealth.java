package dev.meanflow.core.trial;

/**
 * How training behaved, so that divergence rates compare across knobs as data.
 *
 * @param firstNonFiniteIteration the iteration whose loss was first NaN or infinite, -1 when none was
 * @param lossSpikes how many times the loss jumped above {@link LossSpikes#FACTOR} times the median of the
 *     {@link LossSpikes#WINDOW} losses before it (a run of such iterations counts once)
 * @param maxGradNorm the largest global L2 norm of the gradient before clipping, NaN when no step was taken
 */
public record TrainingHealth(int firstNonFiniteIteration, int lossSpikes, double maxGradNorm) {

  public static final TrainingHealth NONE = new TrainingHealth(-1, 0, Double.NaN);
}
