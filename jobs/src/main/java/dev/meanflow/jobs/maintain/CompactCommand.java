package dev.meanflow.jobs.maintain;

import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.SparkSessions;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.RunClaims;
import dev.meanflow.jobs.store.TableMaintenance;
import dev.meanflow.jobs.store.TrialLedger;
import dev.meanflow.jobs.tables.Schemas;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meanflow compact ROOT}: every landing adds small files; this removes rows of attempts that never landed,
 * rewrites each table's small files into large ones (OPTIMIZE) and deletes the files that no version of the table
 * younger than its retention (Delta's {@code delta.deletedFileRetentionDuration}, a week by default) still needs
 * (VACUUM): readers of older versions keep working. Refused while a run is live on the root.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
    description = "Compact the result tables: remove unlanded rows, OPTIMIZE, then VACUUM files older than the "
        + "tables' retention (a week).")
public final class CompactCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Parameters(index = "0", paramLabel = "ROOT", description = "Output root of one or more sweeps.")
  String root;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master when not launched by spark-submit.")
  String master;

  public CompactCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    Optional<Problem> noTables = new OutputRoot(root).readProblem("ROOT");
    if (noTables.isPresent()) {
      err.println(noTables.get().message());
      return 2;
    }
    DeltaStore store = DeltaStore.open(root);
    RunClaims runs = RunClaims.observe(store);
    Optional<String> live = runs.anyLiveRun();
    if (live.isPresent()) {
      err.println("'" + root + "' in ROOT is busy: run " + live.get() + " is live on it; compact once it ends");
      return 2;
    }
    try (SparkSessions.Session session = SparkSessions.start("meanflow-compact", master)) {
      // a run that started since the check above keeps its rows: only those of runs that are gone go
      int orphans = TableMaintenance.deleteOrphans(session.spark(), store, TrialLedger.read(store, null), runs);
      out.printf("removed the rows of %d unlanded attempt(s)%n", orphans);
      for (String table : Schemas.TABLES) {
        if (!store.hasTable(table)) {
          continue;
        }
        long active = store.activeFiles(table);
        long onDisk = dataFiles(store, table);
        long t0 = System.nanoTime();
        TableMaintenance.compact(session.spark(), store, table);
        out.printf("%-8s files read %6d -> %d, on disk %6d -> %d (%.1f s)%n", table, active,
            store.activeFiles(table), onDisk, dataFiles(store, table), (System.nanoTime() - t0) / 1e9);
      }
    }
    return 0;
  }

  private static long dataFiles(DeltaStore store, String table) {
    try {
      long n = 0;
      RemoteIterator<LocatedFileStatus> files = store.fs().listFiles(new Path(store.location(table)), false);
      while (files.hasNext()) {
        n += files.next().getPath().getName().endsWith(".parquet") ? 1 : 0;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
