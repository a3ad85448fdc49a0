package dev.meanflow.jobs.report;

/** The output root holds no committed trials table: nothing to report. */
public final class NoResultTablesException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  NoResultTablesException(String root, String detail) {
    super("'" + root + "' in output root is invalid: it holds no result tables (expected Parquet files under "
        + root + "/trials/<run id>/, written by 'meanflow sweep'" + (detail.isEmpty() ? "" : "; " + detail) + ")");
  }
}
