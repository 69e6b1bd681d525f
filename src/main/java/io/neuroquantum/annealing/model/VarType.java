package io.neuroquantum.annealing.model;

/** The domain of a model's variables: binary {0, 1} (QUBO) or spin {-1, +1} (Ising). */
public enum VarType {
  BINARY(0, 1),
  SPIN(-1, 1);

  private final int low;
  private final int high;

  VarType(int low, int high) {
    this.low = low;
    this.high = high;
  }

  public int low() {
    return low;
  }

  public int high() {
    return high;
  }

  public boolean accepts(int value) {
    return value == low || value == high;
  }

  /** Maps a value of this domain to the same logical value in {@code target} (x = (s + 1) / 2). */
  public byte convert(byte value, VarType target) {
    if (target == this) {
      return value;
    }
    return target == SPIN ? (byte) (2 * value - 1) : (byte) ((value + 1) / 2);
  }
}
