package io.neuroquantum.annealing.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The log encoding of a whole number in {@code [0, range]} by bits: weights 1, 2, 4, … with the last
 * one capped so that they sum to exactly {@code range}. Every value in the range has an encoding and
 * none outside it does, with ⌈log₂(range + 1)⌉ bits. Slack variables of inequalities and bounded
 * integer variables of a constrained model both use it.
 */
public final class BinaryExpansion {

  /** More bits than this per number means a range no sampler could search; refused early. */
  public static final int MAX_BITS = 40;

  private BinaryExpansion() {
  }

  /** How many bits {@link #weights} gives {@code range} (0 for a range of 0), without building them. */
  public static int bits(long range) {
    return range <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(range);
  }

  public static long[] weights(long range) {
    if (range < 0) {
      throw new InvalidModelException("a binary expansion needs a range ≥ 0, got " + range);
    }
    if (range >= 1L << MAX_BITS) {
      throw new InvalidModelException("range " + range + " needs more than " + MAX_BITS + " bits");
    }
    List<Long> weights = new ArrayList<>();
    long sum = 0;
    long w = 1;
    while (sum + w <= range) {
      weights.add(w);
      sum += w;
      w <<= 1;
    }
    if (sum < range) {
      weights.add(range - sum);
    }
    return weights.stream().mapToLong(Long::longValue).toArray();
  }
}
