package dev.meanflow.jobs.report;

/** Mean and sample standard deviation (n - 1) of one metric over replicate trials; sd is NaN when n < 2. */
record MetricStat(double mean, double sd, int n) {

  /** The sd to draw as an error bar: 0 when undefined, so single-seed points still plot. */
  double errorBar() {
    return Double.isFinite(sd) ? sd : 0;
  }
}
