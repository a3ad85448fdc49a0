package dev.meanflow.jobs.report;

import dev.meanflow.jobs.Main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders the report of a tiny synthetic sweep once, then checks its files, its page and how Chromium shows it. */
class ReportWriterTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Path root;
  static Path out;
  static List<String> listed;
  static String html;

  @BeforeAll
  static void renderReport() throws Exception {
    System.setProperty("java.awt.headless", "true");
    spark = SparkSession.builder().master("local[2]").appName("report-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    root = dir.resolve("runs/tiny");
    SyntheticSweep.write(spark, root);
    // kept under target/ (not the temp dir) so a developer or CI can open the rendered page afterwards
    out = Path.of("target", "report-test").toAbsolutePath();
    if (Files.exists(out)) {
      try (Stream<Path> files = Files.walk(out)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    // through the command, as a user runs it: it must reuse this session and list what ReportWriter.write wrote
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"report", root.toString(), "--out", out.toString()},
        new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
    assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
    listed = stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("  "))
        .map(String::trim).toList();
    html = Files.readString(out.resolve("index.html"));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Figures the tiny sweep must produce: 2 sample grids, 5 + 3 metric plots, 2 loss plots, 2 ablations (one per direction). */
  static Set<String> expectedImages() {
    return Set.of(
        "samples-checkerboard.png", "samples-two-moons.png",
        "metric-checkerboard-cell-tv.png", "metric-checkerboard-in-support.png",
        "metric-checkerboard-covered-cells.png", "metric-checkerboard-swd.png", "metric-checkerboard-mmd.png",
        "metric-checkerboard-energy.png",
        "metric-two-moons-swd.png", "metric-two-moons-mmd.png", "metric-two-moons-energy.png",
        "loss-checkerboard.png", "loss-two-moons.png",
        "ablation-checkerboard-r-neq-t-share-forward.png", "ablation-checkerboard-r-neq-t-share-reverse.png");
  }

  @Test
  void writesIndexAndEveryExpectedImage() throws Exception {
    assertEquals("index.html", listed.get(0));
    Set<String> pngs;
    try (Stream<Path> files = Files.list(out)) {
      pngs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(new TreeSet<>(expectedImages()), pngs);
    assertEquals(new TreeSet<>(expectedImages()), new TreeSet<>(listed.subList(1, listed.size())));
    for (String file : listed) {
      assertTrue(Files.size(out.resolve(file)) > 0, file + " is empty");
    }
    assertFalse(spark.sparkContext().isStopped(), "the command must not stop a session it did not create");
  }

  @Test
  void everyImageDecodesAtItsIntendedSize() throws Exception {
    for (String name : expectedImages()) {
      BufferedImage image = ImageIO.read(out.resolve(name).toFile());
      assertNotNull(image, name + " does not decode as an image");
      int[] size = intendedSize(name);
      assertEquals(size[0], image.getWidth(), name + " width");
      assertEquals(size[1], image.getHeight(), name + " height");
    }
  }

  /** Sample grids: one row per configuration, one column per step count; all other figures: one chart size. */
  private static int[] intendedSize(String name) {
    int columns = SyntheticSweep.STEPS.size();
    if (name.equals("samples-checkerboard.png")) {
      int rows = 2 + 2 * SyntheticSweep.R_SHARES.size(); // FM fwd/rev + MF fwd/rev x 3 shares
      return new int[] {240 + columns * 200 + 12, 48 + 30 + rows * 200 + 12};
    }
    if (name.equals("samples-two-moons.png")) {
      return new int[] {240 + columns * 200 + 12, 48 + 30 + 2 * 200 + 12};
    }
    return new int[] {1100, 560};
  }

  @Test
  void sampleGridDrawsPointsInFlowColours() throws Exception {
    BufferedImage grid = ImageIO.read(out.resolve("samples-checkerboard.png").toFile());
    // first data row (FM forward) at 100 steps: mostly points on grey support cells, tinted sky blue
    int top = 48 + 30;
    int left = 240 + 3 * 200;
    long blueish = 0;
    long grey = 0;
    for (int y = top; y < top + 200; y++) {
      for (int x = left; x < left + 200; x++) {
        int rgb = grid.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        if (b > r + 40) {
          blueish++;
        } else if (r == g && g == b && r > 200 && r < 240) {
          grey++;
        }
      }
    }
    assertTrue(blueish > 500, "expected FM points drawn in blue, found " + blueish + " pixels");
    assertTrue(grey > 2000, "expected the checkerboard support drawn in light grey, found " + grey + " pixels");
  }

  @Test
  void pageReferencesEveryImageWithRelativePaths() {
    Set<String> sources = new TreeSet<>();
    Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
    while (m.find()) {
      sources.add(m.group(1));
    }
    assertEquals(new TreeSet<>(expectedImages()), sources);
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
        "the page must not load anything from the network or run scripts");
  }

  @Test
  void summaryTableHasOneRowPerDirectionAndStepCount() {
    assertEquals(2 * SyntheticSweep.STEPS.size(), tableRows("summary-checkerboard").size());
    assertEquals(SyntheticSweep.STEPS.size(), tableRows("summary-two-moons").size());
    // reverse at 1 step: MF's best variant (r-neq-t-share=1) beats FM by a wide margin in the synthetic law
    String reverseOneStep = tableRows("summary-checkerboard").stream()
        .filter(r -> r.startsWith("<td>reverse</td><td class=\"num\">1</td>")).findFirst().orElseThrow();
    assertTrue(reverseOneStep.contains("r-neq-t-share=1"), reverseOneStep);
    assertTrue(reverseOneStep.contains("(n=2)"), reverseOneStep);
    assertTrue(reverseOneStep.contains("95% CI ±"), reverseOneStep);
    assertTrue(reverseOneStep.contains("(p = "), "a wide margin on both seeds is significant: " + reverseOneStep);
  }

  @Test
  void failedAndDivergedTrialsAreShownWithEscapedMessages() {
    List<String> rows = tableRows("problems-table");
    assertEquals(2, rows.size());
    String failed = rows.stream().filter(r -> r.contains("FAILED")).findFirst().orElseThrow();
    assertTrue(failed.contains(Html.escape(SyntheticSweep.FAILED_MESSAGE)), failed);
    assertTrue(failed.contains("MF forward · r-neq-t-share=0.5"), failed);
    assertFalse(html.contains("<NaN>"), "messages must be escaped");
    assertTrue(rows.stream().anyMatch(r -> r.contains("DIVERGED") && r.contains(SyntheticSweep.DIVERGED_MESSAGE)));
  }

  @Test
  void provenanceNamesSweepRunsCommitAndVersions() {
    String runs = String.join("\n", tableRows("runs"));
    assertTrue(runs.contains(SyntheticSweep.SWEEP) && runs.contains("run-a") && runs.contains("run-b"), runs);
    assertTrue(runs.contains("0123abc"), runs);
    String versions = String.join("\n", tableRows("versions"));
    assertTrue(versions.contains("worker-1") && versions.contains("worker-2"), versions);
    assertTrue(versions.contains("0.36.0") && versions.contains("4.2.0"), versions);
    String config = String.join("\n", tableRows("config"));
    assertTrue(config.contains("<td>r-neq-t-share</td><td><b>varies</b></td><td>0.25, 0.5, 1</td>"), config);
  }

  @Test
  void bestConfigurationsRankByCellTv() {
    List<String> rows = tableRows("best-checkerboard");
    assertEquals(2 * HtmlPage.TOP, rows.size());
    assertTrue(rows.get(0).contains("MF reverse · r-neq-t-share=1"), rows.get(0));
  }

  @Test
  void pageOpensInHeadlessChromiumWithoutConsoleErrors() throws Exception {
    Path chromium = HeadlessChromium.binary();
    assertNotNull(chromium, "chromium is not installed: apt-get install -y chromium (.ci/run installs it)");
    // a control page with a missing image and a console error proves the check can see both
    Path control = dir.resolve("control.html");
    Files.writeString(control, "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head><body>"
        + "<img src=\"missing.png\"><script>console.error('control error')</script></body></html>");
    HeadlessChromium.PageCheck check;
    HeadlessChromium.PageCheck controlCheck;
    try (HeadlessChromium browser = HeadlessChromium.start(chromium)) {
      controlCheck = browser.check(control);
      check = browser.check(out.resolve("index.html"));
    }
    assertTrue(controlCheck.errors().stream().anyMatch(e -> e.contains("control error")), controlCheck.errors()
        .toString());
    assertTrue(controlCheck.errors().stream().anyMatch(e -> e.contains("missing.png")), controlCheck.errors()
        .toString());
    assertEquals(List.of("missing.png"), controlCheck.brokenImages());
    assertEquals(List.of(), check.errors(), "console errors");
    assertEquals(List.of(), check.brokenImages(), "images that did not load");
    assertEquals(expectedImages().size(), check.imageCount());
    BufferedImage shot = ImageIO.read(new ByteArrayInputStream(check.screenshot()));
    assertNotNull(shot, "screenshot is not a PNG");
    assertEquals(HeadlessChromium.WINDOW_WIDTH, shot.getWidth());
    assertTrue(shot.getHeight() > HeadlessChromium.WINDOW_HEIGHT, "full-page screenshot, got " + shot.getHeight());
    Files.write(Path.of("target", "report-test-screenshot.png"), check.screenshot());
  }

  /** The body rows of the table with this id, each as its inner HTML. */
  private static List<String> tableRows(String id) {
    int start = html.indexOf("<table id=\"" + id + "\"");
    assertTrue(start >= 0, "no table " + id);
    String table = html.substring(start, html.indexOf("</table>", start));
    String body = table.substring(table.indexOf("<tbody>"));
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(body);
    while (m.find()) {
      rows.add(m.group(1));
    }
    return rows;
  }
}
