package dev.meanflow.jobs.cluster;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Test-only stand-in for {@code meanflow sweep} until the real sweep driver lands: one Spark task per trial, each
 * loads the PyTorch engine (from the application jar on executors), does a fixed amount of libtorch work, and
 * writes one row per trial with the columns of the {@code trials} table that the cluster tests read (trial_id,
 * status, device, gpu_address, executor_id, pid, host, task_attempt) plus its own timings.
 *
 * <p>Usage: {@code --output DIR [--trials N] [--work MATMULS] [--device cpu|gpu] [--master URL]}.
 */
public final class StandInSweep {
  static final StructType SCHEMA = new StructType()
      .add("trial_id", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("device", DataTypes.StringType, false)
      .add("gpu_address", DataTypes.StringType, true)
      .add("executor_id", DataTypes.StringType, false)
      .add("pid", DataTypes.LongType, false)
      .add("host", DataTypes.StringType, false)
      .add("task_attempt", DataTypes.IntegerType, false)
      .add("engine_load_seconds", DataTypes.DoubleType, false)
      .add("compute_seconds", DataTypes.DoubleType, false)
      .add("checksum", DataTypes.DoubleType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("finished_at", DataTypes.TimestampType, false);

  private StandInSweep() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path output = Path.of(require(opts, "output")).toAbsolutePath();
    int trials = Integer.parseInt(opts.getOrDefault("trials", "4"));
    int work = Integer.parseInt(opts.getOrDefault("work", "200"));
    String device = opts.getOrDefault("device", "cpu");

    SparkSession.Builder builder = SparkSession.builder().appName("stand-in-sweep")
        .config("spark.extraListeners", ExecutorTimes.class.getName());
    if (opts.containsKey("master")) {
      builder.master(opts.get("master"));
    }
    long t0 = System.nanoTime();
    SparkSession spark = builder.getOrCreate();
    try {
      long appStart = spark.sparkContext().startTime();
      double sessionSeconds = (System.nanoTime() - t0) / 1e9;
      List<String> ids = IntStream.range(0, trials).mapToObj(i -> String.format(Locale.ROOT, "t%03d", i))
          .collect(Collectors.toList());
      String runId = UUID.randomUUID().toString().substring(0, 8);
      String markers = output.resolve("_running").toString();
      long s0 = System.nanoTime();
      var rows = new JavaSparkContext(spark.sparkContext()).parallelize(ids, trials)
          .mapPartitions(new Trial(work, device, markers));
      Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
      Path staging = output.resolve("_staging").resolve("trials").resolve(runId);
      df.write().parquet(staging.toString());
      Path target = output.resolve("trials").resolve(runId).resolve("flush-0");
      Files.createDirectories(target.getParent());
      Files.move(staging, target);
      double sweepSeconds = (System.nanoTime() - s0) / 1e9;

      Dataset<Row> written = spark.read().parquet(target.toString());
      List<Row> perExecutor = written.groupBy("executor_id")
          .agg(org.apache.spark.sql.functions.count("*"),
              org.apache.spark.sql.functions.max("engine_load_seconds"),
              org.apache.spark.sql.functions.avg("compute_seconds"))
          .orderBy("executor_id").collectAsList();
      System.out.printf(Locale.ROOT, "stand-in sweep: %d trials in %.1f s (session start %.1f s), run %s%n",
          trials, sweepSeconds, sessionSeconds, runId);
      for (Row r : perExecutor) {
        Long added = ExecutorTimes.ADDED.get(r.getString(0));
        System.out.printf(Locale.ROOT,
            "executor %s: %d trials, registered %s s after app start, engine load %.2f s, mean trial compute %.2f s%n",
            r.getString(0), r.getLong(1),
            added == null ? "?" : String.format(Locale.ROOT, "%.1f", (added - appStart) / 1000.0),
            r.getDouble(2), r.getDouble(3));
      }
    } finally {
      spark.stop();
    }
  }

  private static String require(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return v;
  }

  /** Records when each executor registered with the driver (installed through spark.extraListeners). */
  public static final class ExecutorTimes extends SparkListener {
    static final Map<String, Long> ADDED = new ConcurrentHashMap<>();

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
      ADDED.put(added.executorId(), added.time());
    }
  }

  /** One trial per task. */
  static final class Trial implements FlatMapFunction<Iterator<String>, Row> {
    private static double engineLoadSeconds = -1;
    private final int work;
    private final String device;
    private final String markers;

    Trial(int work, String device, String markers) {
      this.work = work;
      this.device = device;
      this.markers = markers;
    }

    /** Seconds this JVM spent loading the engine: the first call pays, later calls get 0. */
    private static synchronized double loadEngine() {
      if (engineLoadSeconds >= 0) {
        return 0;
      }
      long t = System.nanoTime();
      Engine.getEngine("PyTorch");
      engineLoadSeconds = (System.nanoTime() - t) / 1e9;
      return engineLoadSeconds;
    }

    @Override
    public Iterator<Row> call(Iterator<String> ids) throws Exception {
      TaskContext task = TaskContext.get();
      String executorId = SparkEnv.get().executorId();
      long pid = ProcessHandle.current().pid();
      List<Row> out = new ArrayList<>();
      while (ids.hasNext()) {
        String id = ids.next();
        Instant started = Instant.now();
        touch(Path.of(markers, id + "." + task.attemptNumber() + "." + pid));
        GpuAssignment gpu = GpuAssignment.forCurrentTask(device);
        double load = loadEngine();
        long t = System.nanoTime();
        double checksum;
        try (NDManager nd = NDManager.newBaseManager()) {
          NDArray a = nd.randomUniform(-0.01f, 0.01f, new Shape(256, 256));
          NDArray x = nd.eye(256);
          for (int i = 0; i < work; i++) {
            NDArray next = x.dot(a).addi(x);
            x.close();
            x = next;
          }
          checksum = x.sum().getFloat();
        }
        double compute = (System.nanoTime() - t) / 1e9;
        out.add(RowFactory.create(id, "OK", gpu.device(), gpu.address(), executorId, pid,
            InetAddress.getLocalHost().getHostName(), task.attemptNumber(), load, compute, checksum,
            Timestamp.from(started), Timestamp.from(Instant.now())));
      }
      return out.iterator();
    }

    private static void touch(Path p) {
      try {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
