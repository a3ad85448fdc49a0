package dev.meanflow.jobs.config;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.meanflow.core.spec.Keyed;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * How one config value is read and stored: its name in messages, the parser from HOCON, and its Parquet column form.
 * Parsers throw {@link IllegalArgumentException} with only the rule ("must be an integer"); the caller adds the key
 * and the value.
 */
public interface ValueType<T> {

  /** What is accepted, e.g. {@code an integer} or {@code one of [fm, mf]}. */
  String accepted();

  T parse(ConfigValue value);

  DataType sparkType();

  /** The value as stored in a Spark row (enums as their key, lists as int arrays). */
  default Object toColumn(T value) {
    return value;
  }

  /** Inverse of {@link #toColumn}. */
  @SuppressWarnings("unchecked")
  default T fromColumn(Object column) {
    return (T) column;
  }

  /** Text of a value as users write it in a config file. */
  default String render(T value) {
    return String.valueOf(toColumn(value));
  }

  static ValueType<Integer> integer() {
    return new ValueType<>() {
      public String accepted() { return "an integer"; }
      public Integer parse(ConfigValue v) { return (int) wholeNumber(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer"); }
      public DataType sparkType() { return DataTypes.IntegerType; }
    };
  }

  static ValueType<Long> longInteger() {
    return new ValueType<>() {
      public String accepted() { return "an integer"; }
      public Long parse(ConfigValue v) { return wholeNumber(v, Long.MIN_VALUE, Long.MAX_VALUE, "an integer"); }
      public DataType sparkType() { return DataTypes.LongType; }
    };
  }

  static ValueType<Double> number() {
    return new ValueType<>() {
      public String accepted() { return "a number"; }
      public Double parse(ConfigValue v) {
        if (v.valueType() != ConfigValueType.NUMBER) {
          throw new IllegalArgumentException("must be a number");
        }
        return ((Number) v.unwrapped()).doubleValue();
      }
      public DataType sparkType() { return DataTypes.DoubleType; }
    };
  }

  static ValueType<String> string() {
    return new ValueType<>() {
      public String accepted() { return "a string"; }
      public String parse(ConfigValue v) {
        if (v.valueType() != ConfigValueType.STRING) {
          throw new IllegalArgumentException("must be a string");
        }
        return (String) v.unwrapped();
      }
      public DataType sparkType() { return DataTypes.StringType; }
    };
  }

  static <E extends Enum<E> & Keyed> ValueType<E> oneOf(Class<E> type) {
    return new ValueType<>() {
      public String accepted() { return "one of " + Keyed.keys(type); }
      public E parse(ConfigValue v) {
        if (v.valueType() != ConfigValueType.STRING) {
          throw new IllegalArgumentException("must be " + accepted());
        }
        String text = (String) v.unwrapped();
        for (E constant : type.getEnumConstants()) {
          if (constant.key().equalsIgnoreCase(text.trim())) {
            return constant;
          }
        }
        throw new IllegalArgumentException("must be " + accepted());
      }
      public DataType sparkType() { return DataTypes.StringType; }
      public Object toColumn(E value) { return value == null ? null : value.key(); }
      public E fromColumn(Object column) {
        return column == null ? null : Keyed.parse(type, "column", (String) column);
      }
    };
  }

  /** A list of integers, stored as an {@code array<int>} column. */
  static ValueType<List<Integer>> integerList() {
    return new ValueType<>() {
      public String accepted() { return "a list of integers"; }
      public List<Integer> parse(ConfigValue v) {
        if (v.valueType() != ConfigValueType.LIST) {
          throw new IllegalArgumentException("must be a list of integers, e.g. [1, 2, 4]");
        }
        List<Integer> out = new ArrayList<>();
        for (ConfigValue item : (Iterable<ConfigValue>) v) {
          out.add((int) wholeNumber(item, Integer.MIN_VALUE, Integer.MAX_VALUE, "a list of integers"));
        }
        return List.copyOf(out);
      }
      public DataType sparkType() { return DataTypes.createArrayType(DataTypes.IntegerType, false); }
      public Object toColumn(List<Integer> value) { return value.stream().mapToInt(Integer::intValue).toArray(); }
      public List<Integer> fromColumn(Object column) {
        List<Integer> out = new ArrayList<>();
        if (column instanceof int[] ints) {
          for (int i : ints) {
            out.add(i);
          }
        } else {
          for (Object o : (Iterable<?>) column) {
            out.add((Integer) o);
          }
        }
        return List.copyOf(out);
      }
      public String render(List<Integer> value) { return value.toString(); }
    };
  }

  private static long wholeNumber(ConfigValue v, long min, long max, String what) {
    if (v.valueType() != ConfigValueType.NUMBER) {
      throw new IllegalArgumentException("must be " + what);
    }
    Number n = (Number) v.unwrapped();
    double d = n.doubleValue();
    boolean whole = n instanceof Integer || n instanceof Long || d == Math.rint(d);
    if (!whole || d < min || d > max) {
      throw new IllegalArgumentException("must be " + what);
    }
    return n.longValue();
  }
}
