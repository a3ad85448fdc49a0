package dev.meanflow.jobs.report;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.jobs.report.Figure.Section;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a sweep's report folder: PNG figures drawn with XChart and an index.html that shows them next to the
 * summary, best-configuration, failure and provenance tables. Usable from the report command and from the sweep's
 * {@code --report} flag.
 */
public final class ReportWriter {
  public static final String INDEX = "index.html";

  private ReportWriter() {}

  /**
   * Reads the result tables under {@code root} through {@code spark} and writes the report into {@code outDir}.
   *
   * @return the files written: index.html first, then every PNG in page order
   * @throws NoResultTablesException when {@code root} holds no trials table
   */
  public static List<Path> write(SparkSession spark, String root, Path outDir) throws IOException {
    // charts render off-screen; on a machine without a display AWT must not look for one
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    SweepData data = SweepTables.load(spark, root);
    Files.createDirectories(outDir);
    List<Figure> figures = figures(data, outDir);
    Path index = outDir.resolve(INDEX);
    Files.writeString(index, HtmlPage.render(data, figures, root), StandardCharsets.UTF_8);
    List<Path> written = new ArrayList<>();
    written.add(index);
    figures.forEach(f -> written.add(outDir.resolve(f.file())));
    return List.copyOf(written);
  }

  private static List<Figure> figures(SweepData data, Path outDir) throws IOException {
    List<Figure> figures = new ArrayList<>();
    for (SearchRungs search : data.searches()) {
      add(figures, outDir, Section.HALVING, "halving-" + search.target() + ".png", HalvingFigure.chart(search),
          "Each configuration's ranking metric at every rung it reached (mean over its seeds there; a diverged "
              + "rung leaves no point). Coloured: the finalists, which reached the full budget; grey: the "
              + "configurations stopped at a lower rung.");
    }
    for (String target : data.targets()) {
      sampleFigures(figures, data, target, outDir);
      for (Metric metric : plotted(SweepData.kind(target))) {
        String file = "metric-" + target + "-" + metric.column().replace('_', '-') + ".png";
        add(figures, outDir, Section.METRICS, file, MetricFigure.chart(data, target, metric),
            "Mean ± 1 sample standard deviation over replicate seeds (no bar: a single seed). Dotted, in each "
                + "configuration's colour: its oracle, the same sampler driven by the exact flow from the same noise "
                + "(the floor at that step and sample count; targets with an exact velocity only). "
                + metric.axisTitle() + ".");
      }
      add(figures, outDir, Section.LOSSES, "loss-" + target + ".png", LossFigure.chart(data, target),
          "Training loss of each configuration, averaged over its OK seeds at each logged iteration "
              + "(non-finite values left out). The loss is a weak progress signal for MeanFlow: judge by the "
              + "sample metrics.");
      for (String knob : SweepTables.sweptMfKnobs(data.groups(target))) {
        for (String direction : List.of("forward", "reverse")) {
          add(figures, outDir, Section.ABLATIONS,
              "ablation-" + target + "-" + TrialColumns.key(knob) + "-" + direction + ".png",
              AblationFigure.chart(data, target, knob, direction),
              "MF " + direction + " trials only. Each bar: mean ± 1 sample standard deviation over every OK MF "
                  + direction + " trial with that " + TrialColumns.key(knob) + " value (pooled over seeds and "
                  + "the other swept knobs), at the fewest and the most sampling steps evaluated.");
        }
      }
    }
    return figures;
  }

  /** The target's plotted metrics, its primary and secondary first. */
  static List<Metric> plotted(TargetKind kind) {
    List<Metric> metrics = new ArrayList<>(List.of(kind.primaryMetric(), kind.secondaryMetric()));
    kind.metrics().stream().filter(m -> m.plotted() && !metrics.contains(m)).forEach(metrics::add);
    return metrics;
  }

  private static void sampleFigures(List<Figure> figures, SweepData data, String target, Path outDir)
      throws IOException {
    List<List<TrialGroup>> pages = SampleGridFigure.pages(data, target);
    for (int p = 0; p < pages.size(); p++) {
      List<TrialGroup> rows = pages.get(p);
      String part = pages.size() == 1 ? "" : " (" + (p + 1) + "/" + pages.size() + ")";
      String title = "Generated samples · " + target + part;
      String file = "samples-" + target + (pages.size() == 1 ? "" : "-" + (p + 1)) + ".png";
      BufferedImage image = SampleGridFigure.render(data, target, rows, title);
      ImageIO.write(image, "png", outDir.resolve(file).toFile());
      String caption = "Kept samples of one seed (the lowest) per configuration; rows are flow × direction"
          + (rows.stream().anyMatch(g -> !g.variant().isEmpty()) ? " × variant" : "")
          + ", columns the number of sampling steps."
          + (rows.stream().anyMatch(g -> g.support().isPresent()) ? " Grey: the target's support." : "")
          + " Every panel shows " + SampleGridFigure.view(data, target, rows).describe() + ".";
      figures.add(new Figure(Section.SAMPLES, file, title, caption, image.getWidth(), image.getHeight()));
    }
  }

  private static void add(List<Figure> figures, Path outDir, Section section, String file,
      Optional<? extends Chart<?, ?>> chart, String caption) throws IOException {
    if (chart.isEmpty()) {
      return;
    }
    Chart<?, ?> c = chart.get();
    try (OutputStream stream = Files.newOutputStream(outDir.resolve(file))) {
      BitmapEncoder.saveBitmap(c, stream, BitmapFormat.PNG);
    }
    figures.add(new Figure(section, file, c.getTitle(), caption, c.getWidth(), c.getHeight()));
  }
}
