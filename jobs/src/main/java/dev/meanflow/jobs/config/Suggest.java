package dev.meanflow.jobs.config;

import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" for mistyped keys: the closest known key by edit distance, when it is close enough. */
final class Suggest {
  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private Suggest() {}

  /** The closest of {@code known} to {@code typed}, comparing whole paths and last segments; null if none is close. */
  static String closest(String typed, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = Math.min(distance(typed, candidate), distance(last(typed), last(candidate)) + 1);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, last(typed).length() / 3) ? best : null;
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static int distance(String a, String b) {
    return DISTANCE.apply(a.toLowerCase(Locale.ROOT), b.toLowerCase(Locale.ROOT));
  }
}
