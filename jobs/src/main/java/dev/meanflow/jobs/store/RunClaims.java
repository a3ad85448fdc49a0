package dev.meanflow.jobs.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which live run is training which trial, so that two runs of one sweep on one root split the work instead of both
 * training everything. A run announces itself in {@code _runs/<run id>} (host and pid, refreshed every few seconds)
 * and claims a trial with {@code _claims/<sweep>/<trial id>} before training it. A claim of a run that is gone (its
 * process ended on this host, or its announcement, rewritten with the time every few seconds, went stale elsewhere)
 * is taken over. Claims only save work: exactly-once
 * landing is {@link TrialLanding}'s, so even two runs that both train a trial land it once.
 */
public final class RunClaims implements AutoCloseable {
  /** A run elsewhere whose announcement is older than this is taken for dead. */
  static final Duration STALE = Duration.ofSeconds(60);
  private static final Logger LOG = LoggerFactory.getLogger(RunClaims.class);
  private static final Duration REFRESH = Duration.ofSeconds(5);

  private final FileSystem fs;
  private final Path root;
  private final String runId;
  private final Set<Path> held = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeat;

  private RunClaims(FileSystem fs, Path root, String runId, ScheduledExecutorService heartbeat) {
    // the raw local file system writes no .crc file beside each claim
    this.fs = fs instanceof ChecksumFileSystem checked ? checked.getRawFileSystem() : fs;
    this.root = root;
    this.runId = runId;
    this.heartbeat = heartbeat;
  }

  /** Announces {@code runId} under the store's root until {@link #close}. */
  public static RunClaims announce(DeltaStore store, String runId) {
    RunClaims claims = new RunClaims(store.fs(), store.root(), runId,
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "run-heartbeat");
          t.setDaemon(true);
          return t;
        }));
    claims.refresh();
    claims.heartbeat.scheduleAtFixedRate(claims::refresh, REFRESH.toMillis(), REFRESH.toMillis(),
        TimeUnit.MILLISECONDS);
    return claims;
  }

  /** Reads who is live under a root, without announcing a run (verify, compact). */
  public static RunClaims observe(DeltaStore store) {
    return new RunClaims(store.fs(), store.root(), null, null);
  }

  public String runId() {
    return runId;
  }

  /** Claims a trial for this run; false when a live run holds it. */
  public boolean claim(String sweep, String trialId) {
    Path claim = claimFile(sweep, trialId);
    for (int tries = 0; tries < 3; tries++) {
      if (write(claim, runId, false)) {
        held.add(claim);
        return true;
      }
      Optional<String> owner = read(claim);
      if (owner.isPresent() && owner.get().isEmpty() && !olderThanStale(claim)) {
        return false; // another run is writing its claim this instant (an old empty one is a crashed writer's)
      }
      if (owner.isPresent() && (owner.get().equals(runId) || isLive(owner.get()))) {
        return owner.get().equals(runId);
      }
      delete(claim); // its run is gone: take the claim over (a race with another taker only costs double work)
    }
    return false;
  }

  public void release(String sweep, String trialId) {
    Path claim = claimFile(sweep, trialId);
    held.remove(claim);
    delete(claim);
  }

  /** The run holding a trial's claim, if any. */
  public Optional<String> holder(String sweep, String trialId) {
    return read(claimFile(sweep, trialId));
  }

  /** Whether {@code otherRun} still runs: its process on this host, or a fresh announcement from elsewhere. */
  public boolean isLive(String otherRun) {
    Path file = runFile(otherRun);
    Optional<String> content = read(file);
    if (content.isEmpty()) {
      return false;
    }
    String[] hostPidTime = content.get().trim().split(" ");
    if (hostPidTime.length != 3) {
      return !olderThanStale(file); // being written this instant, or not ours
    }
    try {
      if (hostPidTime[0].equals(host())) {
        return ProcessHandle.of(Long.parseLong(hostPidTime[1])).map(ProcessHandle::isAlive).orElse(false);
      }
      return System.currentTimeMillis() - Long.parseLong(hostPidTime[2]) < STALE.toMillis();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether any announced run under the root is live (other than this one). */
  public Optional<String> anyLiveRun() {
    try {
      Path runs = new Path(root, "_runs");
      if (!fs.exists(runs)) {
        return Optional.empty();
      }
      for (var status : fs.listStatus(runs)) {
        String id = status.getPath().getName();
        if (!id.equals(runId) && isLive(id)) {
          return Optional.of(id);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops this run's remaining claims and its announcement. */
  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    held.forEach(this::delete);
    held.clear();
    if (runId != null) {
      delete(runFile(runId));
    }
  }

  /** Rewrites the announcement with the time: file times are not kept by every store (S3A ignores setTimes). */
  private void refresh() {
    try {
      write(runFile(runId), host() + " " + ProcessHandle.current().pid() + " " + System.currentTimeMillis(), true);
    } catch (UncheckedIOException e) {
      // a missed beat only risks another run taking a claim over after STALE; never stop the sweep for it
      LOG.warn("could not refresh {}: {}", runFile(runId), e.getMessage());
    }
  }

  private boolean olderThanStale(Path file) {
    try {
      return System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime() > STALE.toMillis();
    } catch (IOException e) {
      return true; // gone
    }
  }

  private Path runFile(String run) {
    return new Path(new Path(root, "_runs"), run);
  }

  private Path claimFile(String sweep, String trialId) {
    return new Path(new Path(new Path(root, "_claims"), sweep), trialId);
  }

  /** Writes {@code text}; false when {@code overwrite} is off and the file exists. */
  private boolean write(Path file, String text, boolean overwrite) {
    try (FSDataOutputStream out = fs.create(file, overwrite)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (!overwrite && exists(file)) {
        return false;
      }
      throw new UncheckedIOException(e);
    }
  }

  private Optional<String> read(Path file) {
    try (FSDataInputStream in = fs.open(file)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty(); // gone meanwhile: nobody holds it
    }
  }

  private boolean exists(Path file) {
    try {
      return fs.exists(file);
    } catch (IOException e) {
      return false;
    }
  }

  private void delete(Path file) {
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      // a claim left behind is taken over once its run is gone
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
