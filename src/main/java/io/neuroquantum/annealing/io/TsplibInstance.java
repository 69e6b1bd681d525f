package io.neuroquantum.annealing.io;

/**
 * A symmetric or asymmetric TSP instance read from TSPLIB, with the distance matrix already computed
 * by TSPLIB's own rules (integer distances, stored as doubles).
 */
public record TsplibInstance(String name, String type, String edgeWeightType, double[][] distances) {

  public int dimension() {
    return distances.length;
  }

  /** Length of a closed tour given as a permutation of 0-based city indices. */
  public double tourLength(int[] tour) {
    double length = 0;
    for (int p = 0; p < tour.length; p++) {
      length += distances[tour[p]][tour[(p + 1) % tour.length]];
    }
    return length;
  }
}
