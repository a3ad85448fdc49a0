package dev.meanflow.jobs.query;

import java.util.List;

/** Renders rows as a plain, left-aligned text table for terminals and logs. */
public final class TextTable {
  private TextTable() {}

  public static String render(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width);
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    out.append(rule.toString().stripTrailing()).append('\n');
    rows.forEach(r -> line(out, r, width));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(cells.get(i)).append(" ".repeat(width[i] - cells.get(i).length() + 2));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /** A cell: numbers with 4 decimals (or scientific when tiny), null as "-". */
  public static String cell(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (d != 0 && Math.abs(d) < 1e-3 || Math.abs(d) >= 1e6) {
        return String.format("%.3e", d);
      }
      return String.format("%.4f", d);
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq).toString();
    }
    return value.toString();
  }
}
