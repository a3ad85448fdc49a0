package dev.meanflow.core.spec;

import ai.djl.ndarray.types.DataType;

/** The floating-point type a trial trains and samples in. */
public enum Precision implements Keyed {
  FLOAT32(DataType.FLOAT32), FLOAT64(DataType.FLOAT64);

  private final DataType dataType;

  Precision(DataType dataType) {
    this.dataType = dataType;
  }

  public DataType dataType() {
    return dataType;
  }

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
