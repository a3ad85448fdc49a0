package dev.meanflow.core.spec;

import static dev.meanflow.core.spec.Knobs.FLOW;
import static dev.meanflow.core.spec.Knobs.LR;
import static dev.meanflow.core.spec.Knobs.R_NEQ_T_SHARE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrialIdentityTest {

  /** Ids printed by the project's own dry run before the registry existed (version 1), for three shipped sweeps. */
  private static List<String[]> v1Trials() throws IOException {
    try (InputStream in = TrialIdentityTest.class.getResourceAsStream("v1-trial-ids.txt")) {
      List<String[]> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          out.add(line.split(" {2}"));
        }
      }
      return out;
    }
  }

  @Test
  void canonicalTextListsOnlyKnobsAwayFromTheirDefaultSortedByKey() {
    TrialSpec spec = TrialSpec.builder().with(R_NEQ_T_SHARE, 0.5).with(FLOW, Flow.MF).with(LR, 1e-3).build();
    assertEquals("v2;lr=0.001;r-neq-t-share=0.5", spec.canonical());
    assertEquals("v2;", TrialSpec.builder().build().canonical());
    assertEquals(spec, Knobs.REGISTRY.parse(spec.canonical()));
  }

  @Test
  void version1IdsOfTablesWrittenBeforeTheRegistryAreReproduced() throws IOException {
    List<String[]> trials = v1Trials();
    assertTrue(trials.size() > 100, "fixture has " + trials.size() + " trials");
    for (String[] trial : trials) {
      TrialSpec spec = Knobs.REGISTRY.parse(trial[1]);
      assertEquals(Optional.of(trial[0]), TrialIdentity.legacyV1Id(spec), trial[1]);
      assertNotEquals(trial[0], spec.id(), "version 2 ids differ from version 1 ids");
    }
  }

  @Test
  void addingAKnobWithADefaultKeepsEveryExistingIdAndTellsNewValuesApart() throws IOException {
    Knob<Double> added = Knob.builder("test-added-knob", KnobType.number()).role(Knob.Role.SCIENCE)
        .defaultValue(0.25).check(v -> v >= 0, "must be >= 0").doc("A knob only this test declares.").create();
    KnobRegistry extended = Knobs.REGISTRY.plus(added);
    List<TrialSpec> existing = new ArrayList<>();
    for (String[] trial : v1Trials()) {
      existing.add(Knobs.REGISTRY.parse(trial[1]));
    }
    existing.addAll(randomSpecs(200));
    for (TrialSpec spec : existing) {
      TrialSpec sameTrial = extended.parse(spec.canonical());
      assertEquals(spec.id(), sameTrial.id(), spec.canonical());
      assertEquals(TrialIdentity.legacyV1Id(spec), TrialIdentity.legacyV1Id(sameTrial));
      TrialSpec changed = sameTrial.toBuilder().set(added, 0.75).build();
      assertNotEquals(spec.id(), changed.id());
      assertEquals(Optional.empty(), TrialIdentity.legacyV1Id(changed), "version 1 never held the new knob");
    }
  }

  @Test
  void theOrderOfDeclarationsDoesNotChangeIds() {
    List<Knob<?>> reversed = new ArrayList<>(Knobs.REGISTRY.knobs());
    java.util.Collections.reverse(reversed);
    KnobRegistry other = new KnobRegistry(reversed);
    for (TrialSpec spec : randomSpecs(100)) {
      assertEquals(spec.id(), other.parse(spec.canonical()).id());
    }
  }

  /** Valid or not, normalized or not: identity is a function of the values alone. */
  private static List<TrialSpec> randomSpecs(int n) {
    SplittableRandom random = new SplittableRandom(11);
    List<TrialSpec> specs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TrialSpec.Builder b = TrialSpec.builder();
      for (Knob<?> knob : Knobs.REGISTRY.knobs()) {
        if (random.nextInt(3) == 0) {
          b.set(knob, randomValue(knob.type(), random));
        }
      }
      specs.add(b.build());
    }
    return specs;
  }

  private static Object randomValue(KnobType<?> type, SplittableRandom random) {
    if (type instanceof KnobType.Int) {
      return 1 + random.nextInt(500);
    } else if (type instanceof KnobType.Long64) {
      return (long) random.nextInt(1000);
    } else if (type instanceof KnobType.Real) {
      return random.nextDouble();
    } else if (type instanceof KnobType.OneOf<?> oneOf) {
      return oneOf.constants().get(random.nextInt(oneOf.constants().size()));
    } else if (type instanceof KnobType.IntList) {
      return List.of(1 + random.nextInt(4), 10 + random.nextInt(4));
    }
    return "gpu:" + random.nextInt(4);
  }
}
