package dev.meanflow.jobs;

import dev.meanflow.jobs.store.AtomicLocalLogStore;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the Spark session of a command. The master is the one spark-submit set, else {@code --master}, else
 * {@code local[*]}; so the same jar runs embedded and under spark-submit unchanged.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * What Spark needs to read and maintain the Delta result tables; the state of a table's log is small, so a few
   * partitions rebuild it faster than Delta's default of 50 on a laptop.
   */
  public static final Map<String, String> DELTA = Map.of(
      "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
      "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
      "spark.databricks.delta.snapshotPartitions", "2",
      // VACUUM lists a table's files in this many tasks (10000 by default: a minute of empty tasks per table)
      "spark.sql.sources.parallelPartitionDiscovery.parallelism", "8",
      // commits of two drivers on one local root must not overwrite each other
      AtomicLocalLogStore.SPARK_KEY, AtomicLocalLogStore.class.getName());

  /** A session owned by the caller, who stops it; or one already running in this JVM (tests), not to be stopped. */
  public record Session(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }

  /** True when {@link #start} would start embedded Spark: no session in this JVM, no master from spark-submit or {@code master}. */
  public static boolean startsEmbedded(String master) {
    // spark-submit passes the master as a system property, which is what SparkConf would read
    return master == null && System.getProperty("spark.master") == null
        && SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
  }

  /** @throws UsageException when {@code master} is malformed or nothing answers at its address */
  public static Session start(String appName, String master) {
    return start(appName, master, Map.of());
  }

  /** As {@link #start(String, String)}, with {@code settings} unless spark-submit or the caller's JVM set them. */
  public static Session start(String appName, String master, Map<String, String> settings) {
    SparkSession active = SparkSession.getActiveSession()
        .orElse(() -> SparkSession.getDefaultSession()).getOrElse(() -> null);
    if (active != null) {
      return new Session(active, false);
    }
    SparkConf conf = new SparkConf(); // picks up spark.* system properties, which is how spark-submit passes them
    if (!conf.contains("spark.master")) {
      SparkMaster.problem(master).ifPresent(p -> {
        throw new UsageException(p);
      });
      conf.setMaster(master != null ? master : "local[*]");
    }
    conf.setIfMissing("spark.app.name", appName);
    settings.forEach(conf::setIfMissing);
    DELTA.forEach(conf::setIfMissing);
    // The driver's own progress bar replaces Spark's, which would interleave with it.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    // The trials table has about 60 columns; the default (25) makes Spark warn about truncated plans.
    conf.setIfMissing("spark.sql.debug.maxToStringFields", "200");
    // DJL offline, OpenMP passive, libtorch's buffers in glibc's heap: conf/native.env, for every executor
    NativeEnvironment.settings().forEach((key, value) -> conf.setIfMissing("spark.executorEnv." + key, value));
    return new Session(SparkSession.builder().config(conf).getOrCreate(), true);
  }
}
