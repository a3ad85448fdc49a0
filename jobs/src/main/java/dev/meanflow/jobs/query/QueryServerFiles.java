package dev.meanflow.jobs.query;

import dev.meanflow.jobs.OutputRoot;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the query server of one output root is found, in a folder only this user can read: its card (port and
 * token, so only this user's commands can ask it), the lock the living server holds (the OS drops it when the
 * process ends, so a crashed server never looks alive) and its log.
 */
record QueryServerFiles(Path card, Path lock, Path log) {

  /** What a client needs to ask the server, and what the server answers from. */
  record Card(int port, String token, long pid, String build, String root) {}

  /** {@code java.io.tmpdir}/meanflow-sql-USER: per user, gone with the machine's temporary files. */
  static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "meanflow-sql-" + System.getProperty("user.name"));
  }

  /** The files of {@code root}'s server in {@code directory}, one set per root however the root is spelled. */
  static QueryServerFiles of(Path directory, String root) throws IOException {
    OutputRoot output = new OutputRoot(root);
    String canonical = output.isLocal() ? output.localPath().toRealPath().toString() : root;
    String key = HexFormat.of().formatHex(sha256(canonical)).substring(0, 20);
    return new QueryServerFiles(directory.resolve(key + ".card"), directory.resolve(key + ".lock"),
        directory.resolve(key + ".log"));
  }

  /** Creates the folder readable by this user only. */
  void createDirectory() throws IOException {
    Path directory = card.getParent();
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Publishes the card whole (written aside, then renamed), readable by this user only. */
  void write(Card value) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("port", Integer.toString(value.port()));
    properties.setProperty("token", value.token());
    properties.setProperty("pid", Long.toString(value.pid()));
    properties.setProperty("build", value.build());
    properties.setProperty("root", value.root());
    Path aside = card.resolveSibling(card.getFileName() + "." + ProcessHandle.current().pid());
    Files.deleteIfExists(aside);
    Files.createFile(aside, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer writer = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
      properties.store(writer, "meanflow sql server");
    }
    try {
      Files.move(aside, card, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(aside, card, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The card, or empty when there is none or it is not whole. */
  Optional<Card> read() {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(card, StandardCharsets.UTF_8)) {
      properties.load(reader);
      return Optional.of(new Card(Integer.parseInt(properties.getProperty("port")), properties.getProperty("token"),
          Long.parseLong(properties.getProperty("pid")), properties.getProperty("build"),
          properties.getProperty("root")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // none, unreadable or not whole: as if there were none
    }
  }

  /** Removes the card if it is still the one {@code pid} wrote (a newer server's card stays). */
  void removeCardOf(long pid) {
    if (read().map(c -> c.pid() == pid).orElse(true)) {
      try {
        Files.deleteIfExists(card);
      } catch (IOException ignored) {
        // a card left behind names a port nobody answers: clients fall back and remove it
      }
    }
  }

  /** The lock of the root's server taken through {@code channel}, or null while a server (of any JVM) holds it. */
  static FileLock lockIfFree(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // this JVM serves the root
    }
  }

  /**
   * The classes a JVM runs, as a digest of its class path entries with their sizes and times: a server started
   * before a rebuild answers with old code, so a client of another build stops it instead of asking it.
   */
  static String build() {
    StringBuilder entries = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      File file = new File(entry);
      entries.append(entry).append(':').append(file.length()).append(':').append(file.lastModified()).append('\n');
    }
    return HexFormat.of().formatHex(sha256(entries.toString())).substring(0, 20);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }
}
