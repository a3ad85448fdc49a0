package dev.meanflow.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.Orientation;
import dev.meanflow.core.spec.SamplerKind;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values reach their columns by name: reordering a registry cannot move a value under another column. */
class ColumnsByNameTest {
  private static final RunContext RUN = new RunContext("s", "run-1", "abc", "0.1.0", "0.36.0", "2.7.1", "4.2.0");

  /** Every metric a different value (its ordinal + 0.5), so a value under the wrong column shows. */
  private static TrialResult result() {
    Map<Metric, Double> values = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      values.put(m, m.ordinal() + 0.5);
    }
    return new TrialResult(TrialSpec.builder().build(), TrialStatus.OK, null, "cpu", 10, 0.1, 0.1, 1, 0.1, 10,
        List.of(), List.of(new StepEvaluation(1, new MetricValues(values), 0.2, null)));
  }

  @Test
  void everyMetricLandsUnderItsOwnColumnWhateverTheRegistryOrder(@TempDir Path dir) {
    List<Metric> shuffled = new ArrayList<>(List.of(Metric.values()));
    Collections.shuffle(shuffled, new Random(7));
    Collections.reverse(shuffled.subList(0, 3));
    StructType reordered = Schemas.evals(shuffled);
    Row row = TrialRowBuilder.evals(result(), new TrialRowBuilder.Key(RUN, "run/1", "t", RungPlace.NONE), reordered).get(0);
    for (Metric m : Metric.values()) {
      assertEquals(m.ordinal() + 0.5, row.getDouble(reordered.fieldIndex(m.column())), m.column());
    }
    // and through Parquet: written in the shuffled order, read back with the registry's schema
    SparkSession spark = TestSpark.start();
    String path = dir.resolve("evals").toString();
    spark.createDataFrame(List.of(row), reordered).write().parquet(path);
    Row back = spark.read().schema(Schemas.EVALS_SCHEMA).parquet(path).first();
    for (Metric m : Metric.values()) {
      assertEquals(m.ordinal() + 0.5, back.getDouble(back.fieldIndex(m.column())), m.column());
    }
  }

  @Test
  void aTrialsRowDecodesToItsSpecWhateverTheColumnOrder() {
    TrialSpec spec = TrialSpec.builder().with(Knobs.FLOW, Flow.MF).with(Knobs.R_NEQ_T_SHARE, 0.25)
        .with(Knobs.CONDITIONING, Conditioning.T_DELTA).with(Knobs.ORIENTATION, Orientation.SIGNED)
        .with(Knobs.SAMPLER, SamplerKind.CONSISTENT).with(Knobs.EVAL_STEPS, List.of(1, 3)).with(Knobs.SEED, 9L)
        .build();
    TrialResult r = new TrialResult(spec, TrialStatus.OK, null, "cpu", 1, 0, 0, 0, 0, 0, List.of(), List.of());
    Row written = TrialRowBuilder.rows(r, RUN, "run/1", ExecutorInfo.UNKNOWN, null, null).trial();
    List<StructField> fields = new ArrayList<>(List.of(Schemas.TRIALS_SCHEMA.fields()));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      order.add(i);
    }
    Collections.reverse(order);
    Object[] values = new Object[fields.size()];
    StructField[] permuted = new StructField[fields.size()];
    for (int i = 0; i < order.size(); i++) {
      values[i] = written.get(order.get(i));
      permuted[i] = fields.get(order.get(i));
    }
    TrialSpec decoded = KnobColumns.decode(new GenericRowWithSchema(values, new StructType(permuted)), Knobs.REGISTRY);
    assertEquals(spec, decoded);
    for (Knob<?> knob : Knobs.REGISTRY.knobs()) {
      assertEquals(KnobColumns.toColumn(knob, spec.get(knob)) instanceof int[] ints ? List.of(1, 3)
          : KnobColumns.toColumn(knob, spec.get(knob)), knob.listValued() ? decoded.get(knob)
          : KnobColumns.toColumn(knob, decoded.get(knob)), knob.key());
    }
  }

  @Test
  void aColumnNameTheSchemaLacksIsAnErrorNotASilentShift() {
    NamedRow row = new NamedRow(Schemas.LOSSES_SCHEMA);
    assertThrows(IllegalArgumentException.class, () -> row.put("no_such_column", 1));
    row.put("schema_version", 2).put("sweep", "s").put("run_id", "r").put("trial_id", "t").put("iteration", 0);
    assertThrows(IllegalStateException.class, row::build, "loss was never set");
    assertThrows(IllegalStateException.class, () -> row.put("iteration", 1), "set twice");
  }
}
