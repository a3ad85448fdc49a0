package dev.meanflow.jobs.sweep;

/** The sweep-overhead benchmark: where a sweep's wall time went. */
final class Timings {
  private Timings() {}

  static String render(String sweep, String master, double startup, SweepRunner.Outcome o, double summary,
      double total) {
    return String.format(
        "sweep overhead: %s on %s, %d trials run, %d at a time%n"
            + "  spark start-up                 %7.1f s%n"
            + "  trials, wall                   %7.1f s%n"
            + "    setup, sum over trials       %7.1f s%n"
            + "    training, sum over trials    %7.1f s%n"
            + "    evaluation, sum over trials  %7.1f s%n"
            + "    writing, on the driver       %7.1f s  (%d flushes)%n"
            + "  summary query                  %7.1f s%n"
            + "  total                          %7.1f s  ->  %.2f trials/min%n",
        sweep, master, o.ran(), o.parallel(), startup, o.trialsWallSeconds(), o.setupSeconds(), o.trainSeconds(),
        o.evalSeconds(), o.writeSeconds(), o.flushes(), summary, total, o.ran() / (total / 60.0));
  }
}
