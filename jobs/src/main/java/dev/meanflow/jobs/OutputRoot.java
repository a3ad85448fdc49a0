package dev.meanflow.jobs;

import dev.meanflow.core.spec.Problem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * An output root as users give it: a local folder (a plain path or {@code file:}) or a URI that Spark's file systems
 * resolve ({@code hdfs://}, {@code s3a://}). Local roots are checked before any training, so a sweep never learns
 * only after hours of work that it cannot write its results.
 */
public record OutputRoot(String text) {

  public boolean isLocal() {
    String scheme = scheme();
    return scheme == null || scheme.equals("file");
  }

  public Path localPath() {
    return "file".equals(scheme()) ? Path.of(URI.create(text)) : Path.of(text);
  }

  /**
   * Why results could not be written under this root, named after {@code option}: empty, a file, or a folder that
   * cannot be created or written. Empty when fine, or when the root is not local (its file system is Spark's).
   */
  public Optional<Problem> writeProblem(String option) {
    Optional<Problem> unusable = unusable(option);
    if (unusable.isPresent() || !isLocal()) {
      return unusable;
    }
    Path path = localPath().toAbsolutePath();
    if (Files.exists(path) && !Files.isDirectory(path)) {
      return Optional.of(Problem.invalid(option, text, "is a file, not a folder"));
    }
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      return Optional.of(Problem.invalid(option, text, "cannot be created: " + existing + " is a file"));
    }
    if (!Files.isWritable(existing)) {
      return Optional.of(Problem.invalid(option, text, (existing.equals(path) ? "is not writable"
          : "cannot be created: " + existing + " is not writable")));
    }
    return Optional.empty();
  }

  /**
   * Why there are no result tables to read under this root (a missing or empty folder, named after
   * {@code option}), or empty; a root that is not local is left to Spark.
   */
  public Optional<Problem> readProblem(String option) {
    Optional<Problem> unusable = unusable(option);
    if (unusable.isPresent() || !isLocal()) {
      return unusable;
    }
    Path path = localPath();
    if (!Files.isDirectory(path)) {
      return Optional.of(Problem.invalid(option, text, "no such folder"));
    }
    Optional<Problem> legacy = layoutProblem(option);
    if (legacy.isPresent()) {
      return legacy;
    }
    return Files.isDirectory(path.resolve("trials").resolve("_delta_log")) ? Optional.empty()
        : Optional.of(Problem.invalid(option, text, "holds no result tables (no trials table)"));
  }

  /** Tables of this version are Delta tables; a root written before them has plain Parquet folders per run. */
  public Optional<Problem> layoutProblem(String option) {
    if (!isLocal()) {
      return Optional.empty();
    }
    Path trials = localPath().resolve("trials");
    return Files.isDirectory(trials) && !Files.isDirectory(trials.resolve("_delta_log"))
        ? Optional.of(legacyLayout(option)) : Optional.empty();
  }

  private Problem legacyLayout(String option) {
    return Problem.invalid(option, text, "holds Parquet tables of a version before Delta tables (schema 2): "
        + "read them with that version, or write this sweep to a new --output");
  }

  /** Empty text, or a {@code file:} URI that names no path (relative, or with unescaped spaces). */
  private Optional<Problem> unusable(String option) {
    if (text.isBlank()) {
      return Optional.of(Problem.invalid(option, text, "must be a folder path"));
    }
    try {
      localPath();
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(Problem.invalid(option, text, "is not a usable file: URI (" + e.getMessage() + ")"));
    }
  }

  /** The URI scheme of a root like hdfs://nn/runs/x, or null for a plain path (a Windows drive letter is no scheme). */
  private String scheme() {
    int colon = text.indexOf(':');
    if (colon < 2 || !text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return null;
    }
    return text.substring(0, colon).toLowerCase(Locale.ROOT);
  }
}
