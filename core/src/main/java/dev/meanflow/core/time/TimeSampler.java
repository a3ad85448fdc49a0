package dev.meanflow.core.time;

import dev.meanflow.core.spec.TimeSampling;
import java.util.random.RandomGenerator;

/** Draws a time in (0, 1): uniform, or logit-normal sigmoid(mu + sigma N(0, 1)) as the MeanFlow paper. */
public record TimeSampler(TimeSampling kind, double mu, double sigma) {

  public double draw(RandomGenerator rng) {
    return switch (kind) {
      case UNIFORM -> rng.nextDouble();
      case LOGIT_NORMAL -> 1 / (1 + Math.exp(-(mu + sigma * rng.nextGaussian())));
    };
  }
}
