package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.FusionKey;
import dev.meanflow.jobs.config.Fuse;
import dev.meanflow.jobs.config.SweepConfigParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pending trials train together: one fusion key per group, bounded sizes, no idle task slots. */
class FusedGroupsTest {

  private static List<TrialSpec> trials(Flow flow, int seeds, int width) {
    List<TrialSpec> specs = new ArrayList<>();
    for (long seed = 0; seed < seeds; seed++) {
      specs.add(TrialSpec.builder().with(Knobs.FLOW, flow).with(Knobs.SEED, seed).with(Knobs.WIDTH, width)
          .with(Knobs.LR, seed % 2 == 0 ? 3e-3 : 1e-3).build());
    }
    return specs;
  }

  @Test
  void groupsHoldOneFusionKeyInGridOrderAndAtMostTheAskedSize() {
    List<TrialSpec> pending = new ArrayList<>(trials(Flow.MF, 10, 64));
    pending.addAll(trials(Flow.FM, 3, 64));
    pending.addAll(trials(Flow.MF, 2, 32));
    List<List<TrialSpec>> groups = FusedGroups.of(pending, 4, 1);
    List<TrialSpec> flattened = groups.stream().flatMap(List::stream).toList();
    assertEquals(pending, flattened, "every trial once, in grid order within its key");
    for (List<TrialSpec> group : groups) {
      assertTrue(group.size() <= 4, group::toString);
      assertEquals(1, group.stream().map(FusionKey::of).distinct().count(), "one key per group");
    }
    // 10 MF trials of width 64 at most 4 per group: three groups of 4, 3, 3, not 4, 4, 2
    assertEquals(List.of(4, 3, 3, 3, 2), groups.stream().map(List::size).toList());
  }

  @Test
  void groupsShrinkSoThatEveryTaskSlotHasWork() {
    List<TrialSpec> pending = trials(Flow.MF, 8, 64);
    assertEquals(List.of(2, 2, 2, 2), FusedGroups.of(pending, 16, 4).stream().map(List::size).toList());
    assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1),
        FusedGroups.of(pending, 16, 8).stream().map(List::size).toList());
    assertEquals(8, FusedGroups.of(pending, 1, 1).size(), "off: one trial per task");
  }

  @Test
  void fuseSettingAcceptsAutoOffOrACountAndNamesTheRuleOtherwise() {
    assertEquals(Fuse.AUTO_CPU, Fuse.parse("auto").most(false));
    assertEquals(Fuse.AUTO_GPU, Fuse.parse("auto").most(true));
    assertEquals(1, Fuse.parse("off").most(true));
    assertEquals(8, Fuse.parse("8").most(false));
    for (String bad : List.of("0", "65", "-2", "many", "08")) {
      SweepConfigParser.Result r = SweepConfigParser.parse("sweep { fuse = \"" + bad + "\" }", "f", "f");
      assertTrue(!r.ok() && r.messages().stream().anyMatch(m -> m.contains("sweep.fuse") && m.contains(bad)
          && m.contains("must be auto, off or a number of trials in [1, 64]")), () -> bad + ": " + r.messages());
    }
  }
}
