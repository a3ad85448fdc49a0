package dev.meanflow.jobs.sweep;

/** The sweep-overhead benchmark: where a sweep's wall time went. */
final class Timings {
  private Timings() {}

  static String render(String sweep, String master, double startup, SweepRunner.Outcome o, double summary,
      double total) {
    double[] landing = o.landingSeconds().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(
        "sweep overhead: %s on %s, %d trials run, %d at a time%n"
            + "  spark start-up                 %7.1f s%n"
            + "  trials, wall                   %7.1f s%n"
            + "    setup, sum over trials       %7.1f s%n"
            + "    training, sum over trials    %7.1f s%n"
            + "    evaluation, sum over trials  %7.1f s%n"
            + "    landing, sum over trials     %7.1f s  (on lander threads, beside training)%n"
            + "    waited for landing           %7.1f s  (%.1f %% of the trials' wall: after the last job)%n"
            + "    trial end to landed          %7.2f s median, %.2f s max%n"
            + "  summary                        %7.2f s%n"
            + "  total                          %7.1f s  ->  %.2f trials/min%n",
        sweep, master, o.ran(), o.parallel(), startup, o.trialsWallSeconds(), o.setupSeconds(), o.trainSeconds(),
        o.evalSeconds(), o.writeSeconds(), o.waitedForWritesSeconds(),
        100 * o.waitedForWritesSeconds() / Math.max(1e-9, o.trialsWallSeconds()),
        quantile(landing, 0.5), quantile(landing, 1.0), summary, total, o.ran() / (total / 60.0));
  }

  /** The q-quantile of sorted values (nearest rank), NaN when there are none. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - (q > 0 ? 1 : 0))];
  }
}
