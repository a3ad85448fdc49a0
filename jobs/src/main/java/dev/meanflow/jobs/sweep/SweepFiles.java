package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.UsageException;
import dev.meanflow.jobs.config.SweepConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a sweep file: a path on disk, else one of the configs shipped in the jar ({@code quick}, {@code seed}, ...). */
public final class SweepFiles {
  private SweepFiles() {}

  public static final String DEFAULT = "quick";

  /**
   * A sweep file's text, where it came from, and the default sweep name (its file name without .conf).
   *
   * @param file the file on disk, null for a shipped config
   */
  public record Source(String text, String origin, String defaultName, Path file) {

    public SweepConfigParser.Result parse() {
      return file != null ? SweepConfigParser.parseFile(file, defaultName)
          : SweepConfigParser.parse(text, origin, defaultName);
    }
  }

  /**
   * The file at {@code location}, or, for a bare name ({@code seed}, {@code seed.conf}), the shipped config of that
   * name; null when neither exists. A path that names no file never falls back to a shipped config.
   *
   * @throws UsageException when the file is not UTF-8 text
   */
  public static Source load(String location) {
    Path path = Path.of(location);
    String base = path.getFileName() == null ? "" : path.getFileName().toString().replaceFirst("\\.conf$", "");
    if (Files.isRegularFile(path)) {
      try {
        return new Source(Files.readString(path, StandardCharsets.UTF_8), location, base, path);
      } catch (CharacterCodingException e) {
        throw new UsageException(Problem.invalid("CONF", location, "is not a text file (not UTF-8)"));
      } catch (IOException e) {
        throw new UsageException(Problem.invalid("CONF", location, "cannot be read: " + e.getMessage()));
      }
    }
    if (path.getParent() != null) {
      return null;
    }
    try (InputStream in = SweepFiles.class.getResourceAsStream("/conf/" + base + ".conf")) {
      return in == null ? null : new Source(new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "embedded conf/" + base + ".conf", base, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
