package dev.meanflow.jobs.tables;

import java.io.Serializable;

/**
 * Where a trial stands in a successive-halving search: its trials, evals and losses rows carry it (all null in a
 * grid search, {@link #NONE}).
 *
 * @param cellId the grid cell's trial id (the trial at its full budget) that this rung continues
 * @param rung from 0
 * @param rungs of the cell, the full budget last
 * @param resumedFrom iterations restored from a checkpoint (0: trained from scratch)
 * @param cellIterations the cell's full budget, its last rung's
 * @param metric the column of the metric that ranks the rung ({@code search.metric})
 * @param steps the step count it ranks at ({@code search.steps})
 */
public record RungPlace(String cellId, Integer rung, Integer rungs, Integer resumedFrom, Integer cellIterations,
    String metric, Integer steps) implements Serializable {

  public static final RungPlace NONE = new RungPlace(null, null, null, null, null, null, null);
}
