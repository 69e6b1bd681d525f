package io.neuroquantum.annealing.model;

import java.util.Arrays;

/** One distinct assignment with its energy and how many reads ended in it. */
public record Sample(byte[] values, double energy, int occurrences) {

  public Sample {
    values = values.clone();
  }

  @Override
  public byte[] values() {
    return values.clone();
  }

  public byte value(int i) {
    return values[i];
  }

  public int size() {
    return values.length;
  }

  /** The values as ints, convenient for JSON and printing. */
  public int[] toIntArray() {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s && s.energy == energy && s.occurrences == occurrences
        && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Double.hashCode(energy);
  }

  @Override
  public String toString() {
    return "Sample[energy=" + energy + ", occurrences=" + occurrences + ", values=" + Arrays.toString(values) + "]";
  }
}
