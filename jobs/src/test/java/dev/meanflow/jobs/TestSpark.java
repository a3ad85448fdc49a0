package dev.meanflow.jobs;

import org.apache.spark.sql.SparkSession;

/** The one local Spark session of a test class: 2 cores, no UI, small shuffles. */
public final class TestSpark {
  private TestSpark() {}

  public static SparkSession start() {
    SparkSession.Builder builder = SparkSession.builder();
    SparkSessions.DELTA.forEach(builder::config);
    return builder
        .master("local[2]")
        .appName("meanflow-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }
}
