package dev.meanflow.jobs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicLocalLogStoreTest {
  @TempDir Path dir;

  @Test
  void aCommitFileIsWrittenOnceAndNeverOverwritten() throws Exception {
    AtomicLocalLogStore store = new AtomicLocalLogStore(new Configuration());
    org.apache.hadoop.fs.Path commit = new org.apache.hadoop.fs.Path(dir.resolve("00000000000000000001.json").toUri());
    store.write(commit, List.of("{\"a\":1}", "{\"b\":2}").iterator(), false, new Configuration());
    assertThrows(FileAlreadyExistsException.class,
        () -> store.write(commit, List.of("{\"c\":3}").iterator(), false, new Configuration()));
    assertEquals("{\"a\":1}\n{\"b\":2}\n", Files.readString(Path.of(commit.toUri())));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void ofManyWritersRacingForOneVersionExactlyOneWins() throws Exception {
    AtomicLocalLogStore store = new AtomicLocalLogStore(new Configuration());
    int writers = 16;
    for (int round = 0; round < 20; round++) {
      org.apache.hadoop.fs.Path commit = new org.apache.hadoop.fs.Path(dir.resolve(round + ".json").toUri());
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<Boolean>> won = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String line = "{\"writer\":" + w + "}";
        won.add(pool.submit(() -> {
          start.await();
          try {
            store.write(commit, List.of(line).iterator(), false, new Configuration());
            return true;
          } catch (FileAlreadyExistsException e) {
            return false;
          }
        }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> f : won) {
        winners += f.get() ? 1 : 0;
      }
      pool.shutdown();
      assertEquals(1, winners, "round " + round);
    }
  }
}
