package io.neuroquantum.annealing.io;

import java.util.Map;

/**
 * Best-known values (maximisation) of the OR-Library bqp instances, from the shared data set's
 * SOURCES.md §4 (listed by the openising README and rliang's metadata; each attained there by a
 * certificate). bqp500-2 is 128339, not the listed 128223: SOURCES.md attains 128339.
 */
final class OrLibraryBestKnown {
  private OrLibraryBestKnown() {
  }

  static final Map<String, int[]> VALUES = Map.of(
      "bqp250", new int[] {45607, 44810, 49037, 41274, 47961, 41014, 46757, 35726, 48916, 40442},
      "bqp500", new int[] {116586, 128339, 130812, 130097, 125487, 121772, 122201, 123559, 120798, 130619},
      "bqp1000", new int[] {371438, 354932, 371236, 370675, 352760, 359629, 371193, 351994, 349337, 351415});

  /** The best-known value of instance k (1-based) of file {@code bqpN}. */
  static int of(String file, int k) {
    return VALUES.get(file)[k - 1];
  }
}
