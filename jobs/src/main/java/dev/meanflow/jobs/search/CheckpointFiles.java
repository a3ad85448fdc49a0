package dev.meanflow.jobs.search;

import dev.meanflow.core.spec.TrialSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a halving search keeps its checkpoints: {@code <root>/_checkpoints/<sweep>/<cell id>/<budget>.ckpt}, on any
 * file system Hadoop reaches (so executors on a cluster write them where the driver and the next rung read them).
 * A checkpoint is written to a temporary name and renamed: a reader sees a whole one or none.
 */
public final class CheckpointFiles {

  public static final String DIRECTORY = "_checkpoints";

  private CheckpointFiles() {}

  /** The checkpoint of {@code cell} trained to {@code budget} iterations. */
  public static String path(String root, String sweep, TrialSpec cell, int budget) {
    return cellDirectory(root, sweep, cell) + "/" + budget + ".ckpt";
  }

  static String cellDirectory(String root, String sweep, TrialSpec cell) {
    return sweepDirectory(root, sweep) + "/" + cell.id();
  }

  static String sweepDirectory(String root, String sweep) {
    return root.replaceAll("/+$", "") + "/" + DIRECTORY + "/" + sweep;
  }

  public static byte[] read(String path, Configuration conf) {
    Path file = new Path(path);
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code bytes} to a temporary file beside {@code path}, then renames it into place. */
  public static void write(String path, byte[] bytes, Configuration conf) {
    Path file = new Path(path);
    Path partial = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      FileSystem fs = file.getFileSystem(conf);
      fs.mkdirs(file.getParent());
      try (OutputStream out = fs.create(partial, false)) {
        out.write(bytes);
      }
      // the same trial to the same budget saves the same state: an existing one may give way
      if (fs.exists(file)) {
        fs.delete(file, false);
      }
      if (!fs.rename(partial, file)) {
        throw new IOException("rename of " + partial + " to " + file + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + path + ": " + e.getMessage(), e);
    }
  }

  public static boolean exists(String path, Configuration conf) {
    Path file = new Path(path);
    try {
      return file.getFileSystem(conf).exists(file);
    } catch (IOException e) {
      return false;
    }
  }

  /** Removes the checkpoint of {@code cell} at {@code budget}. */
  public static void deleteBudget(String root, String sweep, TrialSpec cell, int budget, Configuration conf) {
    delete(path(root, sweep, cell, budget), conf);
  }

  /** Removes every checkpoint of {@code cell}. */
  public static void deleteCell(String root, String sweep, TrialSpec cell, Configuration conf) {
    delete(cellDirectory(root, sweep, cell), conf);
  }

  /** Removes every checkpoint of {@code sweep}, and the checkpoint folder when no other sweep has one. */
  public static void deleteSweep(String root, String sweep, Configuration conf) {
    delete(sweepDirectory(root, sweep), conf);
    Path folder = new Path(root.replaceAll("/+$", "") + "/" + DIRECTORY);
    try {
      FileSystem fs = folder.getFileSystem(conf);
      if (fs.exists(folder) && fs.listStatus(folder).length == 0) {
        fs.delete(folder, false);
      }
    } catch (IOException e) {
      // left for the next run
    }
  }

  /** Removes a file or folder (and what it holds) if there; an I/O error leaves it for the next run to remove. */
  private static boolean delete(String path, Configuration conf) {
    Path target = new Path(path);
    try {
      return target.getFileSystem(conf).delete(target, true);
    } catch (IOException e) {
      return false;
    }
  }
}
