package dev.meanflow.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GpuAssignmentTest {
  @Test
  void cpuTrialStaysOnCpuButKeepsTheAddress() {
    GpuAssignment g = GpuAssignment.choose("cpu", "1", 2);
    assertEquals("cpu", g.device());
    assertEquals("1", g.address());
    assertNull(g.fallback());
  }

  @Test
  void sparkAddressWinsOverTheRequestedIndex() {
    assertEquals("gpu:1", GpuAssignment.choose("gpu:0", "1", 2).device());
    assertEquals("gpu:1", GpuAssignment.choose("gpu", "1", 2).device());
  }

  @Test
  void withoutSparkTheRequestedIndexIsUsed() {
    assertEquals("gpu:0", GpuAssignment.choose("gpu", null, 1).device());
    assertEquals("gpu:2", GpuAssignment.choose("gpu:2", null, 4).device());
  }

  @Test
  void noCudaDeviceFallsBackToCpuWithAReason() {
    GpuAssignment g = GpuAssignment.choose("gpu", "0", 0);
    assertEquals("cpu", g.device());
    assertEquals("0", g.address());
    assertTrue(g.fallback().contains("Spark assigned GPU address 0 but no CUDA device is visible"), g.fallback());
    assertTrue(g.fallback().endsWith("falling back to CPU"), g.fallback());
  }

  @Test
  void addressBeyondTheVisibleDevicesOrNotAnIndexFallsBack() {
    GpuAssignment beyond = GpuAssignment.choose("gpu", "3", 2);
    assertEquals("cpu", beyond.device());
    assertTrue(beyond.fallback().contains("only 2 CUDA device(s) are visible"), beyond.fallback());
    GpuAssignment uuid = GpuAssignment.choose("gpu", "GPU-8f2a", 2);
    assertEquals("cpu", uuid.device());
    assertTrue(uuid.fallback().contains("not a CUDA device index"), uuid.fallback());
  }

  @Test
  void outsideASparkTaskThereIsNoAddress() {
    assertTrue(GpuAssignment.taskGpuAddress().isEmpty());
  }
}
