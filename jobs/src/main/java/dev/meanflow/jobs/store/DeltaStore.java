package dev.meanflow.jobs.store;

import dev.meanflow.jobs.tables.Schemas;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four result tables under an output root as Delta tables, written and read through Delta Kernel: no Spark job
 * is involved, so a commit never waits for a task slot and a read needs no Spark session. Any Hadoop file system.
 */
public final class DeltaStore {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaStore.class);
  static final String ENGINE_INFO = "meanflow-spark";

  private final Path root;
  private final FileSystem fs;
  private final Engine engine;

  public DeltaStore(String root, Configuration spark) {
    Configuration hadoop = new Configuration(spark);
    hadoop.setIfUnset(AtomicLocalLogStore.KERNEL_KEY, AtomicLocalLogStore.class.getName());
    try {
      Path path = new Path(root);
      this.fs = path.getFileSystem(hadoop);
      this.root = fs.makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.engine = DefaultEngine.create(hadoop);
  }

  /** A store on the Hadoop configuration of a JVM without Spark: {@code spark.hadoop.*} system properties apply. */
  public static DeltaStore open(String root) {
    Configuration hadoop = new Configuration();
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.hadoop."))
        .forEach(k -> hadoop.set(k.substring("spark.hadoop.".length()), System.getProperty(k)));
    return new DeltaStore(root, hadoop);
  }

  public Path root() {
    return root;
  }

  public FileSystem fs() {
    return fs;
  }

  Engine engine() {
    return engine;
  }

  /** The fully qualified location of {@code table}, as Spark's {@code delta.`...`} and other readers take it. */
  public String location(String table) {
    return new Path(root, table).toString();
  }

  public boolean hasTable(String table) {
    try {
      return fs.exists(new Path(new Path(root, table), "_delta_log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates each table that does not exist yet with its schema; a table another run created meanwhile is kept. */
  public void createMissingTables() {
    for (String table : Schemas.TABLES) {
      if (hasTable(table)) {
        continue;
      }
      try {
        TableManager.buildCreateTableTransaction(location(table), KernelRows.kernelSchema(Schemas.of(table)),
            ENGINE_INFO).build(engine).commit(engine, CloseableIterable.emptyIterable());
      } catch (KernelException e) {
        if (!hasTable(table)) {
          throw e; // not the race with another run creating it
        }
      }
    }
  }

  /** The latest snapshot of {@code table}, or empty when it does not exist. */
  public Optional<Snapshot> snapshot(String table) {
    if (!hasTable(table)) {
      return Optional.empty();
    }
    try {
      return Optional.of(TableManager.loadSnapshot(location(table)).build(engine));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Each result table's latest version, -1 for one that does not exist: what changes whenever anything lands. */
  public Map<String, Long> versions() {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String table : Schemas.TABLES) {
      versions.put(table, snapshot(table).map(Snapshot::getVersion).orElse(-1L));
    }
    return versions;
  }

  /** How many data files the latest version of {@code table} reads (what compaction reduces). */
  public long activeFiles(String table) {
    return dataFiles(table).map(List::size).orElse(0);
  }

  /**
   * The data files of the latest version of {@code table}, when reading them is reading the table: no deletion
   * vectors and no column mapping (this project creates neither; a user may enable them). Empty otherwise, or when
   * the table does not exist, so a reader must go through Delta itself.
   */
  public Optional<List<String>> dataFiles(String table) {
    Optional<Snapshot> snapshot = snapshot(table);
    if (snapshot.isEmpty()) {
      return Optional.empty();
    }
    var protocol = ((SnapshotImpl) snapshot.get()).getProtocol();
    if (protocol.getReaderFeatures().contains("deletionVectors")
        || protocol.getReaderFeatures().contains("columnMapping")
        || !"none".equals(snapshot.get().getTableProperties().getOrDefault("delta.columnMapping.mode", "none"))) {
      return Optional.empty();
    }
    List<String> paths = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = snapshot.get().getScanBuilder().build().getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> rows = files.next().getRows()) {
          while (rows.hasNext()) {
            paths.add(InternalScanFileUtils.getAddFileStatus(rows.next()).getPath());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(paths);
  }

  /**
   * The rows of {@code table} as Spark rows of {@code columns} (a column the table lacks is null); files whose
   * statistics rule out {@code skip} are not read, but rows are not filtered by it.
   */
  public List<Row> scan(String table, org.apache.spark.sql.types.StructType columns, Optional<Predicate> skip) {
    Optional<Snapshot> snapshot = snapshot(table);
    if (snapshot.isEmpty()) {
      return List.of();
    }
    StructType available = snapshot.get().getSchema();
    StructType read = new StructType();
    for (org.apache.spark.sql.types.StructField f : columns.fields()) {
      if (available.indexOf(f.name()) >= 0) {
        read = read.add(available.get(f.name()));
      }
    }
    var builder = snapshot.get().getScanBuilder().withReadSchema(read);
    if (skip.isPresent()) {
      builder = builder.withFilter(skip.get());
    }
    Scan scan = builder.build();
    io.delta.kernel.data.Row state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(state);
    int[] position = new int[columns.size()];
    for (int i = 0; i < position.length; i++) {
      position[i] = read.indexOf(columns.fields()[i].name());
    }
    List<Row> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            io.delta.kernel.data.Row file = fileRows.next();
            readFile(state, physical, file, read, position, columns, out);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private void readFile(io.delta.kernel.data.Row state, StructType physical, io.delta.kernel.data.Row file,
      StructType read, int[] position, org.apache.spark.sql.types.StructType columns, List<Row> out)
      throws IOException {
    FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
    try (CloseableIterator<FileReadResult> physicalData = engine.getParquetHandler().readParquetFiles(
        singleton(status), physical, Optional.empty())) {
      CloseableIterator<ColumnarBatch> data = physicalData.map(FileReadResult::getData);
      try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, state, file, data)) {
        while (logical.hasNext()) {
          try (CloseableIterator<io.delta.kernel.data.Row> rows = logical.next().getRows()) { // honours deletions
            while (rows.hasNext()) {
              io.delta.kernel.data.Row r = rows.next();
              Object[] values = new Object[position.length];
              for (int i = 0; i < position.length; i++) {
                values[i] = position[i] < 0 ? null
                    : KernelRows.fromKernel(r, position[i], read.at(position[i]).getDataType());
              }
              out.add(new GenericRowWithSchema(values, columns));
            }
          }
        }
      }
    }
  }

  /**
   * Writes {@code rows} (laid out as the table's schema in {@link Schemas}) as new data files and commits them in
   * {@code txn}, a transaction on {@code table}; writes the checkpoint when the commit calls for one.
   */
  TransactionCommitResult append(Transaction txn, String table, List<Row> rows) {
    io.delta.kernel.data.Row state = txn.getTransactionState(engine);
    ColumnarBatch batch = KernelRows.batch(txn.getSchema(engine), Schemas.of(table), rows);
    Map<String, Literal> unpartitioned = Map.of();
    List<io.delta.kernel.data.Row> actions = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state,
        singleton(new FilteredColumnarBatch(batch, Optional.empty())), unpartitioned)) {
      DataWriteContext context = Transaction.getWriteContext(engine, state, unpartitioned);
      try (CloseableIterator<DataFileStatus> files = engine.getParquetHandler().writeParquetFiles(
          context.getTargetDirectory(), physical, context.getStatisticsColumns());
          CloseableIterator<io.delta.kernel.data.Row> add = Transaction.generateAppendActions(engine, state, files,
              context)) {
        add.forEachRemaining(actions::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TransactionCommitResult result = txn.commit(engine,
        CloseableIterable.inMemoryIterable(toCloseable(actions.iterator())));
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      if (hook.getType() != PostCommitHook.PostCommitHookType.CHECKPOINT) {
        continue; // checksums and log compaction are optional; with concurrent writers they often find no base
      }
      try {
        hook.threadSafeInvoke(engine);
      } catch (IOException | RuntimeException e) {
        // a missed checkpoint only slows readers down; the commit itself stands
        LOG.warn("{} of {} version {} failed: {}", hook.getType(), table, result.getVersion(), e.toString());
      }
    }
    return result;
  }

  /** A blind append of {@code rows} to {@code table}: conflicts with no other writer. */
  TransactionCommitResult append(String table, List<Row> rows) {
    Snapshot snapshot = snapshot(table).orElseThrow(() -> new IllegalStateException("no table " + location(table)));
    return append(snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).build(engine), table, rows);
  }

  private static <T> CloseableIterator<T> singleton(T value) {
    return toCloseable(List.of(value).iterator());
  }

  private static <T> CloseableIterator<T> toCloseable(java.util.Iterator<T> it) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }
}
