package io.neuroquantum.annealing.solvers;

/** SplitMix64 (Steele, Lea, Flood 2014): turns a seed and an index into well-spread 64-bit seeds. */
public final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private SplitMix64() {
  }

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The seed of stream {@code index} derived from a master seed: independent of thread scheduling. */
  public static long streamSeed(long seed, long index) {
    return mix(seed + (index + 1) * GOLDEN_GAMMA);
  }
}
