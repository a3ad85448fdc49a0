package dev.meanflow.jobs.config;

import java.util.List;

/** "Did you mean" for mistyped keys: the closest known key by edit distance, when it is close enough. */
final class Suggest {
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

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
