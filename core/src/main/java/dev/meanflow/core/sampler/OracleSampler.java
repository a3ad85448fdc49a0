package dev.meanflow.core.sampler;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.reference.ReferenceFlow;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.SamplerKind;

/**
 * A trial's own sampler driven by the exact fields instead of its network: what a perfect model would sample with
 * it. Euler steps with v* (flow matching's floor at T steps); MeanFlow steps x +-= dt u*(x, r, t) with r as
 * {@link FlowSampler} picks it. A consistent jump with u* is the exact flow map, so T of them compose to one map
 * from the noise end to the data end, integrated once; the write-up's forward steps use the interval behind the
 * state and are integrated one by one.
 */
public record OracleSampler(SamplerKind kind, ReferenceFlow flow) {

  /**
   * Whether each step is an exact jump to the next time, so that any number of steps gives the exact map: the same
   * points at every step count.
   */
  public boolean exactAtAnyStepCount() {
    Direction direction = flow.direction();
    double dt = 0.5;
    return kind != SamplerKind.EULER && FlowSampler.intervalEnd(kind, FlowSampler.time(direction, 0, dt), dt,
        FlowSampler.sign(direction)) == FlowSampler.time(direction, 1, dt);
  }

  public Points sample(Points noise, int steps) {
    Direction direction = flow.direction();
    double dt = 1.0 / steps;
    double sign = FlowSampler.sign(direction);
    double start = FlowSampler.time(direction, 0, dt);
    double end = FlowSampler.time(direction, steps, dt);
    boolean exactJumps = exactAtAnyStepCount();
    float[] out = new float[2 * noise.size()];
    double[] field = new double[2];
    for (int p = 0; p < noise.size(); p++) {
      double x = noise.x(p);
      double y = noise.y(p);
      if (exactJumps) {
        double[] mapped = flow.map(x, y, start, end);
        x = mapped[0];
        y = mapped[1];
      } else {
        for (int i = 0; i < steps; i++) {
          double t = FlowSampler.time(direction, i, dt);
          if (kind == SamplerKind.EULER) {
            flow.velocity(x, y, t, field);
          } else {
            flow.average(x, y, FlowSampler.intervalEnd(kind, t, dt, sign), t, field);
          }
          x += sign * dt * field[0];
          y += sign * dt * field[1];
        }
      }
      out[2 * p] = (float) x;
      out[2 * p + 1] = (float) y;
    }
    return new Points(out);
  }
}
