package dev.meanflow.jobs.tables;

import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.KnobRegistry;
import dev.meanflow.core.spec.KnobType;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The Spark side of the knob registry: each knob's column in the {@code trials} table, its Spark type, and the
 * conversion of its values to and from a row. Columns are the snake case of the key ({@code r_neq_t_share});
 * {@code device} is stored as {@code device_requested}, since the trials table's {@code device} column says what
 * actually ran the trial.
 */
public final class KnobColumns {
  private KnobColumns() {}

  public static String column(Knob<?> knob) {
    return knob == Knobs.DEVICE ? "device_requested" : knob.key().replace('-', '_');
  }

  public static DataType sparkType(KnobType<?> type) {
    if (type instanceof KnobType.Int) {
      return DataTypes.IntegerType;
    } else if (type instanceof KnobType.Long64) {
      return DataTypes.LongType;
    } else if (type instanceof KnobType.Real) {
      return DataTypes.DoubleType;
    } else if (type instanceof KnobType.IntList) {
      return DataTypes.createArrayType(DataTypes.IntegerType, false);
    }
    return DataTypes.StringType; // text and enums (as their key)
  }

  /** The value as stored in a row: enums as their key, lists as int arrays. */
  public static Object toColumn(Knob<?> knob, Object value) {
    if (knob.type() instanceof KnobType.OneOf<?>) {
      return knob.render(value);
    }
    if (value instanceof List<?> list) {
      return list.stream().mapToInt(i -> (Integer) i).toArray();
    }
    return value;
  }

  /**
   * The spec a {@code trials} row describes. A column the row lacks, or a NULL (a knob added after the row was
   * written), takes the knob's default: exactly what that trial ran with.
   */
  public static TrialSpec decode(Row row, KnobRegistry registry) {
    TrialSpec.Builder builder = registry.builder();
    List<String> fields = List.of(row.schema().fieldNames());
    for (Knob<?> knob : registry.knobs()) {
      int i = fields.indexOf(column(knob));
      if (i >= 0 && !row.isNullAt(i)) {
        builder.set(knob, fromColumn(knob, row.get(i)));
      }
    }
    return builder.build();
  }

  private static Object fromColumn(Knob<?> knob, Object column) {
    if (knob.type() instanceof KnobType.IntList) {
      List<Integer> out = new ArrayList<>();
      if (column instanceof int[] ints) {
        for (int i : ints) {
          out.add(i);
        }
      } else if (column instanceof scala.collection.Seq<?> seq) {
        scala.jdk.javaapi.CollectionConverters.asJava(seq).forEach(o -> out.add((Integer) o));
      } else {
        ((Iterable<?>) column).forEach(o -> out.add((Integer) o));
      }
      return out;
    }
    return knob.type().parse(column);
  }
}
