package dev.meanflow.core.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The value type of a {@link Knob}: what is accepted, how a plain value becomes a typed one, and its canonical text.
 * Plain values are what readers hand over: a {@code String} typed on a command line, or the {@code Number},
 * {@code String} or {@code List} a config file holds. Parse errors carry only the rule ("must be an integer"); the
 * caller names the key and the value. The Spark adapter switches over the permitted records; sweep files and CLI
 * options hand plain values to {@link #parse}.
 */
public sealed interface KnobType<T>
    permits KnobType.Int, KnobType.Long64, KnobType.Real, KnobType.Text, KnobType.OneOf, KnobType.IntList {

  /** What is accepted, e.g. {@code an integer} or {@code one of [fm, mf]}. */
  String accepted();

  /** The typed value of a plain one, or an {@link IllegalArgumentException} holding the rule it breaks. */
  T parse(Object plain);

  /** Canonical text: the form trial ids hash and users write. */
  String render(T value);

  /** A value of this type as given (a typed value of another type is a programming error). */
  @SuppressWarnings("unchecked")
  default T cast(Object value) {
    return (T) value;
  }

  static Int integer() {
    return new Int();
  }

  static Long64 longInteger() {
    return new Long64();
  }

  static Real number() {
    return new Real();
  }

  static Text text() {
    return new Text();
  }

  static <E extends Enum<E> & Keyed> OneOf<E> oneOf(Class<E> type) {
    return new OneOf<>(type);
  }

  static IntList integerList() {
    return new IntList();
  }

  record Int() implements KnobType<Integer> {
    public String accepted() {
      return "an integer";
    }

    public Integer parse(Object plain) {
      return (int) whole(plain, Integer.MIN_VALUE, Integer.MAX_VALUE, accepted());
    }

    public String render(Integer value) {
      return value.toString();
    }
  }

  record Long64() implements KnobType<Long> {
    public String accepted() {
      return "an integer";
    }

    public Long parse(Object plain) {
      return whole(plain, Long.MIN_VALUE, Long.MAX_VALUE, accepted());
    }

    public String render(Long value) {
      return value.toString();
    }
  }

  record Real() implements KnobType<Double> {
    public String accepted() {
      return "a number";
    }

    public Double parse(Object plain) {
      // + 0.0 turns -0.0 into 0.0: one trial, one id, whichever zero was typed
      if (plain instanceof Number n) {
        return n.doubleValue() + 0.0;
      }
      if (plain instanceof String s) {
        try {
          return Double.parseDouble(s.trim()) + 0.0;
        } catch (NumberFormatException e) {
          // falls through to the rule
        }
      }
      throw new IllegalArgumentException("must be a number");
    }

    public String render(Double value) {
      return Double.toString(value).toLowerCase(Locale.ROOT);
    }
  }

  record Text() implements KnobType<String> {
    public String accepted() {
      return "a string";
    }

    public String parse(Object plain) {
      if (plain instanceof String s) {
        return s.trim();
      }
      if (plain instanceof Integer || plain instanceof Long) { // unquoted in HOCON, e.g. sweep.fuse = 8
        return plain.toString();
      }
      throw new IllegalArgumentException("must be a string");
    }

    public String render(String value) {
      return value;
    }
  }

  /** An enum written as its key; the one parsing rule of every enum ({@link Keyed#parse}). */
  record OneOf<E extends Enum<E> & Keyed>(Class<E> enumType) implements KnobType<E> {
    public String accepted() {
      return "one of " + Keyed.keys(enumType);
    }

    public E parse(Object plain) {
      E constant = plain instanceof String s ? Keyed.find(enumType, s) : null;
      if (constant == null) {
        throw new IllegalArgumentException("must be " + accepted());
      }
      return constant;
    }

    public String render(E value) {
      return value.key();
    }

    public List<E> constants() {
      return List.of(enumType.getEnumConstants());
    }
  }

  /** A list of integers; on a command line, comma-separated ({@code 1,2,4}). */
  record IntList() implements KnobType<List<Integer>> {
    public String accepted() {
      return "a list of integers";
    }

    public List<Integer> parse(Object plain) {
      List<?> items;
      if (plain instanceof List<?> list) {
        items = list;
      } else if (plain instanceof Number n) {
        items = List.of(n); // eval-steps = 4, as --eval-steps 4
      } else if (plain instanceof String s && !s.isBlank()) {
        items = Arrays.asList(s.replace("[", "").replace("]", "").split(","));
      } else {
        throw new IllegalArgumentException("must be a list of integers, e.g. [1, 2, 4]");
      }
      List<Integer> out = new ArrayList<>();
      for (Object item : items) {
        out.add((int) whole(item, Integer.MIN_VALUE, Integer.MAX_VALUE, accepted()));
      }
      return List.copyOf(out);
    }

    public String render(List<Integer> value) {
      return value.toString();
    }
  }

  /** A whole number in [min, max] from a Number or its text; the rule says which part failed. */
  private static long whole(Object plain, long min, long max, String what) {
    BigDecimal value;
    try {
      value = plain instanceof String s ? new BigDecimal(s.trim())
          : plain instanceof Integer || plain instanceof Long ? BigDecimal.valueOf(((Number) plain).longValue())
          : plain instanceof Number n && Double.isFinite(n.doubleValue()) ? new BigDecimal(n.doubleValue())
          : null;
    } catch (NumberFormatException e) {
      value = null;
    }
    if (value == null || value.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("must be " + what);
    }
    if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new IllegalArgumentException("must be " + what + " in [" + min + ", " + max + "]");
    }
    return value.longValueExact();
  }
}
