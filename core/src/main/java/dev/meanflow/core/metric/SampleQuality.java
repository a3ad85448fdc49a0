package dev.meanflow.core.metric;

/**
 * Sample-quality metrics of generated points against the target. The checkerboard-only fields are NaN for other
 * targets.
 *
 * @param inSupport share of samples inside occupied checkerboard cells
 * @param cellTv total variation between the sample's mass over the grid cells (plus outside) and the target's
 * @param coveredCells occupied cells holding at least half their expected mass
 * @param mmd unbiased squared MMD with a sum of RBF kernels over several bandwidths
 * @param energy energy distance
 * @param swd sliced Wasserstein-2 over seeded random unit directions
 * @param ksX two-sample Kolmogorov-Smirnov statistic of the x marginals
 * @param ksY two-sample Kolmogorov-Smirnov statistic of the y marginals
 * @param ksXPValue p-value of {@code ksX}
 * @param ksYPValue p-value of {@code ksY}
 */
public record SampleQuality(
    double inSupport,
    double cellTv,
    double coveredCells,
    double mmd,
    double energy,
    double swd,
    double ksX,
    double ksY,
    double ksXPValue,
    double ksYPValue) {}
