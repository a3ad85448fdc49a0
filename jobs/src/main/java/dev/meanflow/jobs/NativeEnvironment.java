package dev.meanflow.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The process environment of JVMs that run libtorch, as declared in {@code conf/native.env} (shipped in the jar):
 * the driver hands it to executors, whose environment Spark sets before their JVM starts.
 */
final class NativeEnvironment {
  private NativeEnvironment() {}

  static Map<String, String> settings() {
    Properties p = new Properties();
    try (InputStream in = NativeEnvironment.class.getResourceAsStream("/native.env")) {
      if (in == null) {
        throw new IllegalStateException("native.env is missing from the classpath: rebuild the project");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> settings = new TreeMap<>();
    p.stringPropertyNames().forEach(key -> settings.put(key, p.getProperty(key).trim()));
    return settings;
  }
}
