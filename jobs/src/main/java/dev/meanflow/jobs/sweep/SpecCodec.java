package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.config.SpecField;
import java.util.ArrayList;
import java.util.List;

/** Ships a {@link TrialSpec} to executors as its column values (plain serializable Java values). */
final class SpecCodec {
  private SpecCodec() {}

  static ArrayList<Object> encode(TrialSpec spec) {
    ArrayList<Object> out = new ArrayList<>();
    for (SpecField<?> f : SpecField.ALL) {
      out.add(f.columnValue(spec));
    }
    return out;
  }

  static TrialSpec decode(List<Object> columns) {
    TrialSpec.Builder b = TrialSpec.builder();
    for (int i = 0; i < SpecField.ALL.size(); i++) {
      SpecField.ALL.get(i).setFromColumn(b, columns.get(i));
    }
    return b.build();
  }
}
