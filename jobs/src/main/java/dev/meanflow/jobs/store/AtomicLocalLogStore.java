package dev.meanflow.jobs.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Delta's log store for local folders, safe for writers in several JVMs (two sweeps on one root). Delta's own local
 * stores check that a commit file is absent and then rename onto it: two processes committing the same version in
 * that window both "succeed" and one commit is silently lost. Here a commit is written to a temporary file and
 * published with a hard link, which the file system refuses atomically when the name exists.
 */
public final class AtomicLocalLogStore extends io.delta.storage.HDFSLogStore {
  /** Delta Kernel's and Delta Spark's keys for the log store of {@code file:} paths. */
  public static final String KERNEL_KEY = "io.delta.kernel.logStore.file.impl";
  public static final String SPARK_KEY = "spark.delta.logStore.file.impl";

  public AtomicLocalLogStore(Configuration hadoop) {
    super(hadoop);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoop) throws IOException {
    if (overwrite || !"file".equals(path.toUri().getScheme())) {
      super.write(path, actions, overwrite, hadoop);
      return;
    }
    java.nio.file.Path target = java.nio.file.Path.of(path.toUri());
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    java.nio.file.Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      StringBuilder text = new StringBuilder();
      actions.forEachRemaining(a -> text.append(a).append('\n'));
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.createLink(target, temp); // EEXIST if another writer published this version first
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
