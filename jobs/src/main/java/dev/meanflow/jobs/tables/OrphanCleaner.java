package dev.meanflow.jobs.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * Before a sweep resumes: deletes the flushes of its earlier runs that never committed (present in evals, losses or
 * samples but not in trials) and their staging folders. Only runs of the same sweep name are touched, so another
 * sweep writing under the same root at the same time keeps its in-flight flushes.
 */
public final class OrphanCleaner {
  private OrphanCleaner() {}

  /** Deletes the orphans of {@code sweep}'s runs other than {@code currentRunId}; returns the folders deleted. */
  public static List<String> clean(OutputLayout layout, String sweep, String currentRunId) {
    List<String> deleted = new ArrayList<>();
    try {
      for (String table : List.of(Schemas.EVALS, Schemas.LOSSES, Schemas.SAMPLES)) {
        for (Path run : layout.children(layout.table(table))) {
          if (!isEarlierRun(run.getName(), sweep, currentRunId)) {
            continue;
          }
          for (Path flush : layout.children(run)) {
            if (!layout.exists(layout.flush(Schemas.TRIALS, run.getName(), flush.getName()))) {
              layout.fs().delete(flush, true);
              deleted.add(flush.toString());
            }
          }
          if (layout.children(run).isEmpty()) {
            layout.fs().delete(run, true);
          }
        }
      }
      for (Path staged : layout.children(layout.stagingRoot())) {
        if (isEarlierRun(staged.getName(), sweep, currentRunId)) {
          layout.fs().delete(staged, true);
          deleted.add(staged.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return deleted;
  }

  private static boolean isEarlierRun(String runId, String sweep, String currentRunId) {
    return OutputLayout.isRunOf(runId, sweep) && !runId.equals(currentRunId);
  }
}
