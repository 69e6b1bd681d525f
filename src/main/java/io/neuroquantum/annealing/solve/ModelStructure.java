package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.solvers.ParallelTempering;

/**
 * What the registry looks at in a model to choose defaults the user did not set, and the rules it
 * applies; decided here in one place and stated in docs/annealing.md ("Defaults from the model").
 *
 * <ul>
 *   <li><b>pt's Houdayer cluster moves</b> are on by default for a <em>sparse lattice-like</em> model:
 *       every variable has at most {@link #LATTICE_MAX_DEGREE} neighbours and the mean degree is at
 *       least {@link #LATTICE_REGULARITY} of the largest (a near-regular sparse graph: toroidal grids
 *       such as G11–G13 have degree 4 everywhere). There docs/tts99.svg measures them 10–30× faster
 *       to the best-known cut; on dense random graphs (G1: mean degree 48; G43: 20) the cluster
 *       percolates, the move just swaps two replicas, and costs 2–4×, so they stay off.</li>
 *   <li><b>sa's reads on ±J models</b> (the bit-sliced kernel, 64 reads per word and per thread) are
 *       64 per available core: a batch of 64 reads costs one core what one read would, so every core
 *       gets a batch. The answer is a function of seed and reads (batch b has seed stream b), not of
 *       the thread count; a machine with another core count picks another default, so a run is
 *       repeated elsewhere by giving {@code reads} (the report's {@code stats.reads}).</li>
 * </ul>
 *
 * @param maxDegree the most neighbours any variable has
 * @param meanDegree twice the interactions over the variables
 * @param bitSliced ±J couplings and no fields: sa and pt run 64 reads per machine word
 */
public record ModelStructure(int numVariables, int maxDegree, double meanDegree, boolean bitSliced) {

  static final int LATTICE_MAX_DEGREE = 6;
  static final double LATTICE_REGULARITY = 0.75;
  /** At most this many 64-read batches by default, whatever the core count. */
  static final int MAX_DEFAULT_BATCHES = 16;

  public static ModelStructure of(QuadraticModel model) {
    int n = model.numVariables();
    int[] degree = new int[n];
    model.forEachInteraction((i, j, b) -> {
      degree[i]++;
      degree[j]++;
    });
    int max = 0;
    for (int d : degree) {
      max = Math.max(max, d);
    }
    double mean = n == 0 ? 0 : 2.0 * model.numInteractions() / n;
    return new ModelStructure(n, max, mean, ParallelTempering.isBitSliced(model));
  }

  /** Sparse and near-regular, as a lattice: where cluster moves pay. */
  public boolean latticeLike() {
    return maxDegree >= 2 && maxDegree <= LATTICE_MAX_DEGREE && meanDegree >= LATTICE_REGULARITY * maxDegree;
  }

  /** sa's default reads: 64 per core on the bit-sliced kernel, else {@code scalarDefault}. */
  int saReads(int scalarDefault) {
    if (!bitSliced) {
      return scalarDefault;
    }
    int cores = Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_BATCHES);
    return 64 * Math.max(1, cores);
  }
}
