package dev.meanflow.core.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LossSpikesTest {

  @Test
  void aRunOfLossesAboveThreeTimesTheRecentMedianCountsOnce() {
    LossSpikes spikes = new LossSpikes();
    for (int i = 0; i < LossSpikes.WINDOW; i++) {
      spikes.add(i % 2 == 0 ? 1.0 : 1.2); // median 1.1
    }
    spikes.add(3.2); // below 3.3: not a spike
    assertEquals(0, spikes.count());
    spikes.add(5);
    spikes.add(6); // the same spike
    assertEquals(1, spikes.count());
    spikes.add(1);
    spikes.add(4); // a second one
    assertEquals(2, spikes.count());
  }

  @Test
  void nothingCountsBeforeAWindowOfHistory() {
    LossSpikes spikes = new LossSpikes();
    spikes.add(1);
    spikes.add(1000);
    assertEquals(0, spikes.count());
  }
}
