package dev.meanflow.jobs.tables;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A row filled column by column by name: a name the schema lacks, a column set twice or one never set is an error
 * at once, so no value can land under another column's name.
 */
final class NamedRow {
  private final StructType schema;
  private final Object[] values;
  private final boolean[] set;

  NamedRow(StructType schema) {
    this.schema = schema;
    this.values = new Object[schema.size()];
    this.set = new boolean[schema.size()];
  }

  NamedRow put(String column, Object value) {
    int i;
    try {
      i = schema.fieldIndex(column);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("no column '" + column + "' in " + schema.simpleString(), e);
    }
    if (set[i]) {
      throw new IllegalStateException("column '" + column + "' set twice");
    }
    values[i] = value;
    set[i] = true;
    return this;
  }

  Row build() {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < set.length; i++) {
      if (!set[i]) {
        missing.add(schema.fields()[i].name());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("columns never set: " + missing);
    }
    return RowFactory.create(values.clone());
  }
}
