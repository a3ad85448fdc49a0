package dev.meanflow.core.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The id of a trial: 16 hex digits of the SHA-256 of its canonical text. Version 2 lists the identity knobs that
 * differ from their default, sorted by key, after a version prefix ({@code v2;flow=fm;lr=0.001}), so declaring a
 * new knob with a default leaves every existing id unchanged. Changing a knob's default or rendering changes what
 * ids mean: bump {@link #VERSION} then.
 *
 * <p>Version 1 (tables written before the registry) listed 25 knobs in a fixed order; {@link #legacyV1Id} still
 * computes it so that a sweep can resume those tables.
 */
public final class TrialIdentity {
  private TrialIdentity() {}

  /** Stored with every trial row (column {@code id_version}). */
  public static final int VERSION = 2;

  /** The knobs of version 1's canonical text, in its order; a frozen format, not a declaration of knobs. */
  private static final List<String> V1_KEYS = List.of("flow", "direction", "target", "grid-size", "scale", "width",
      "depth", "conditioning", "iterations", "batch", "lr", "r-neq-t-share", "time-sampling", "logit-mu",
      "logit-sigma", "adaptive-p", "adaptive-c", "orientation", "sampler", "jvp", "seed", "eval-samples",
      "eval-steps", "loss-points", "kept-samples");

  /** e.g. {@code v2;direction=forward;flow=fm}: every identity knob away from its default, by key. */
  public static String canonical(TrialSpec spec) {
    return spec.registry().knobs().stream()
        .filter(Knob::identity)
        .filter(k -> !spec.atDefault(k))
        .sorted(Comparator.comparing(Knob::key))
        .map(k -> pair(spec, k))
        .collect(Collectors.joining(";", "v" + VERSION + ";", ""));
  }

  public static String id(TrialSpec spec) {
    return hash(canonical(spec));
  }

  /**
   * The id the spec had in version 1, or empty when the spec sets a knob that version 1 did not know (no table of
   * that version can hold such a trial).
   */
  public static Optional<String> legacyV1Id(TrialSpec spec) {
    boolean expressible = spec.registry().knobs().stream()
        .filter(Knob::identity)
        .allMatch(k -> V1_KEYS.contains(k.key()) || spec.atDefault(k));
    if (!expressible) {
      return Optional.empty();
    }
    return Optional.of(hash(V1_KEYS.stream()
        .map(key -> pair(spec, spec.registry().find(key).orElseThrow()))
        .collect(Collectors.joining(";"))));
  }

  private static String pair(TrialSpec spec, Knob<?> knob) {
    return knob.key() + "=" + knob.render(spec.get(knob));
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
