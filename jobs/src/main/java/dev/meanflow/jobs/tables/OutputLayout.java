package dev.meanflow.jobs.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Folders under an output root: {@code <root>/<table>/<run_id>/flush-<k>/part-*.parquet}, staged first in
 * {@code <root>/_staging/<run_id>/flush-<k>/<table>}. Every run has its own run id, so no two writers ever share a
 * Parquet write path. Works on any Hadoop file system (local, HDFS, ...).
 */
public final class OutputLayout {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final Pattern RUN_SUFFIX = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
  static final String STAGING = "_staging";

  private final Path root;
  private final FileSystem fs;

  public OutputLayout(String root, Configuration hadoop) {
    this.root = new Path(root);
    try {
      this.fs = this.root.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new run id: {@code <sweep>-<UTC time>-<6 random hex>}, unique even for runs started in the same second. */
  public static String newRunId(String sweep) {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return sweep + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + HexFormat.of().formatHex(random);
  }

  /** Whether {@code runId} was made by {@link #newRunId} for {@code sweep} (not for a sweep whose name extends it). */
  public static boolean isRunOf(String runId, String sweep) {
    return runId.startsWith(sweep + "-") && RUN_SUFFIX.matcher(runId.substring(sweep.length() + 1)).matches();
  }

  public FileSystem fs() {
    return fs;
  }

  public Path table(String table) {
    return new Path(root, table);
  }

  public Path flush(String table, String runId, String flush) {
    return new Path(new Path(table(table), runId), flush);
  }

  public Path stagingRoot() {
    return new Path(root, STAGING);
  }

  public Path staging(String runId) {
    return new Path(stagingRoot(), runId);
  }

  public static String flushName(int k) {
    return String.format("flush-%05d", k);
  }

  /** Sub-folders of {@code dir}, sorted by name; none when it does not exist. */
  public List<Path> children(Path dir) {
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<Path> out = new ArrayList<>();
      FileStatus[] statuses = fs.listStatus(dir);
      Arrays.sort(statuses);
      for (FileStatus s : statuses) {
        if (s.isDirectory() && !s.getPath().getName().startsWith("_") && !s.getPath().getName().startsWith(".")) {
          out.add(s.getPath());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The committed flushes as (run id, flush name): those whose {@code trials} folder exists. */
  public List<String[]> committedFlushes() {
    List<String[]> out = new ArrayList<>();
    for (Path run : children(table(Schemas.TRIALS))) {
      for (Path flush : children(run)) {
        out.add(new String[] {run.getName(), flush.getName()});
      }
    }
    return out;
  }

  public boolean exists(Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
