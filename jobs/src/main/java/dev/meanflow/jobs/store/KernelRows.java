package dev.meanflow.jobs.store;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark rows to Delta Kernel batches and Kernel rows back to Spark values, column by column name, for the column
 * types the result tables use (string, int, bigint, double, float, boolean, timestamp, array of int).
 */
final class KernelRows {
  private KernelRows() {}

  static StructType kernelSchema(org.apache.spark.sql.types.StructType spark) {
    StructType out = new StructType();
    for (org.apache.spark.sql.types.StructField f : spark.fields()) {
      out = out.add(f.name(), kernelType(f.dataType()), f.nullable());
    }
    return out;
  }

  static DataType kernelType(org.apache.spark.sql.types.DataType t) {
    if (t.equals(DataTypes.StringType)) {
      return StringType.STRING;
    } else if (t.equals(DataTypes.IntegerType)) {
      return IntegerType.INTEGER;
    } else if (t.equals(DataTypes.LongType)) {
      return LongType.LONG;
    } else if (t.equals(DataTypes.DoubleType)) {
      return DoubleType.DOUBLE;
    } else if (t.equals(DataTypes.FloatType)) {
      return FloatType.FLOAT;
    } else if (t.equals(DataTypes.BooleanType)) {
      return BooleanType.BOOLEAN;
    } else if (t.equals(DataTypes.TimestampType)) {
      return TimestampType.TIMESTAMP;
    } else if (t instanceof org.apache.spark.sql.types.ArrayType a) {
      return new ArrayType(kernelType(a.elementType()), a.containsNull());
    }
    throw new IllegalArgumentException("no Delta Kernel type for the column type " + t.simpleString());
  }

  /**
   * {@code rows} (laid out as {@code rowSchema}) as one batch in the table's column order; a table column the rows
   * lack (one a newer version added) is null.
   */
  static ColumnarBatch batch(StructType table, org.apache.spark.sql.types.StructType rowSchema, List<Row> rows) {
    ColumnVector[] columns = new ColumnVector[table.length()];
    for (int c = 0; c < columns.length; c++) {
      StructField field = table.at(c);
      int from = List.of(rowSchema.fieldNames()).indexOf(field.getName());
      Object[] values = new Object[rows.size()];
      for (int r = 0; r < values.length && from >= 0; r++) {
        values[r] = toKernel(rows.get(r).get(from), field.getDataType());
      }
      if (!field.isNullable() && from < 0) {
        throw new IllegalStateException("the table requires column '" + field.getName() + "', which this version "
            + "does not write");
      }
      columns[c] = new Vector(field.getDataType(), values);
    }
    return new Batch(table, columns, rows.size());
  }

  /** The value at {@code ordinal} of a Kernel row as Spark holds it (a timestamp as {@link Timestamp}). */
  static Object fromKernel(io.delta.kernel.data.Row row, int ordinal, DataType type) {
    if (row.isNullAt(ordinal)) {
      return null;
    } else if (type instanceof StringType) {
      return row.getString(ordinal);
    } else if (type instanceof IntegerType) {
      return row.getInt(ordinal);
    } else if (type instanceof LongType) {
      return row.getLong(ordinal);
    } else if (type instanceof DoubleType) {
      return row.getDouble(ordinal);
    } else if (type instanceof FloatType) {
      return row.getFloat(ordinal);
    } else if (type instanceof BooleanType) {
      return row.getBoolean(ordinal);
    } else if (type instanceof TimestampType) {
      return Timestamp.from(Instant.EPOCH.plus(row.getLong(ordinal), ChronoUnit.MICROS));
    } else if (type instanceof ArrayType a && a.getElementType() instanceof IntegerType) {
      ColumnVector elements = row.getArray(ordinal).getElements();
      List<Integer> values = new ArrayList<>();
      for (int i = 0; i < elements.getSize(); i++) {
        values.add(elements.getInt(i));
      }
      return CollectionConverters.asScala(values).toSeq(); // as Spark's own rows hold arrays
    }
    throw new IllegalArgumentException("no Spark value for the Delta type " + type);
  }

  /**
   * Delta stores timestamps as microseconds since the epoch (UTC); an array (an {@code int[]} as the row builder
   * makes it, or a Scala sequence as Spark reads it) becomes an array value.
   */
  private static Object toKernel(Object value, DataType type) {
    if (value instanceof Timestamp t) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant());
    } else if (type instanceof ArrayType array && value != null) {
      Object[] elements = value instanceof int[] ints ? java.util.Arrays.stream(ints).boxed().toArray()
          : CollectionConverters.asJava((scala.collection.Seq<?>) value).toArray();
      return new Elements(new Vector(array.getElementType(), elements));
    }
    return value;
  }

  private record Elements(ColumnVector getElements) implements ArrayValue {
    @Override
    public int getSize() {
      return getElements.getSize();
    }
  }

  /** One column of boxed values. */
  private record Vector(DataType type, Object[] values) implements ColumnVector {
    @Override
    public DataType getDataType() {
      return type;
    }

    @Override
    public int getSize() {
      return values.length;
    }

    @Override
    public void close() {}

    @Override
    public boolean isNullAt(int i) {
      return values[i] == null;
    }

    @Override
    public boolean getBoolean(int i) {
      return (Boolean) values[i];
    }

    @Override
    public int getInt(int i) {
      return (Integer) values[i];
    }

    @Override
    public long getLong(int i) {
      return ((Number) values[i]).longValue();
    }

    @Override
    public float getFloat(int i) {
      return (Float) values[i];
    }

    @Override
    public double getDouble(int i) {
      return (Double) values[i];
    }

    @Override
    public String getString(int i) {
      return (String) values[i];
    }

    @Override
    public ArrayValue getArray(int i) {
      return (ArrayValue) values[i];
    }
  }

  private record Batch(StructType schema, ColumnVector[] columns, int size) implements ColumnarBatch {
    @Override
    public StructType getSchema() {
      return schema;
    }

    @Override
    public ColumnVector getColumnVector(int ordinal) {
      return columns[ordinal];
    }

    @Override
    public int getSize() {
      return size;
    }
  }
}
