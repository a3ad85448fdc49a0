package dev.meanflow.jobs.report;

/** One PNG of the report: its file name inside the report folder, what it shows, and its pixel size. */
record Figure(Section section, String file, String title, String caption, int width, int height) {

  /** Where on the page a figure goes, in page order. */
  enum Section {
    HALVING("halving", "Successive halving"),
    SAMPLES("samples", "Generated samples"),
    METRICS("metrics", "Quality vs sampling steps"),
    LOSSES("losses", "Training loss"),
    ABLATIONS("ablations", "Ablations");

    private final String anchor;
    private final String heading;

    Section(String anchor, String heading) {
      this.anchor = anchor;
      this.heading = heading;
    }

    String anchor() {
      return anchor;
    }

    String heading() {
      return heading;
    }
  }
}
