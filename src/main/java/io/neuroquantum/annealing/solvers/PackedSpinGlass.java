package io.neuroquantum.annealing.solvers;

/**
 * A ±J spin glass (no fields, every coupling of the same magnitude) laid out for the multi-spin
 * coded kernel of {@link PackedReplicas}: neighbour indices carry the coupling's sign in their
 * lowest bit, so the kernel needs one array per spin instead of two.
 *
 * <p>Max-Cut on unweighted or ±1-weighted graphs (the G-set, most Biq Mac instances, toroidal
 * spin glasses) has exactly this shape.
 */
final class PackedSpinGlass {

  /** Highest degree the bit-sliced counters cover (8 bit planes). */
  static final int MAX_DEGREE = 255;

  final int n;
  final int m;
  final double magnitude;   // |J|
  final double offset;
  final int[] start;
  /** (j &lt;&lt; 1) | 1 for Jᵢⱼ &gt; 0 (satisfied when the spins differ), (j &lt;&lt; 1) for Jᵢⱼ &lt; 0. */
  final int[] neighbor;
  /** Bit planes needed to count up to the largest degree. */
  final int planes;
  /** Each edge once (i &lt; j), signed like {@link #neighbor}: for lane energies. */
  final int[] edgeI;
  final int[] edgeJ;

  private PackedSpinGlass(CsrIsing model, double magnitude, int maxDegree) {
    this.n = model.n;
    this.magnitude = magnitude;
    this.offset = model.offset;
    this.start = model.start.clone();
    this.neighbor = new int[model.neighbor.length];
    for (int k = 0; k < neighbor.length; k++) {
      neighbor[k] = (model.neighbor[k] << 1) | (model.coupling[k] > 0 ? 1 : 0);
    }
    this.planes = Math.max(1, 32 - Integer.numberOfLeadingZeros(maxDegree));
    this.m = neighbor.length / 2;
    this.edgeI = new int[m];
    this.edgeJ = new int[m];
    int e = 0;
    for (int i = 0; i < n; i++) {
      for (int k = start[i]; k < start[i + 1]; k++) {
        int j = model.neighbor[k];
        if (i < j) {
          edgeI[e] = i;
          edgeJ[e] = neighbor[k];
          e++;
        }
      }
    }
  }

  /**
   * The packed form rebuilt from its own {@link #start} and {@link #neighbor} arrays (as another node
   * sent them): the same glass, edge for edge, so a worker there sweeps exactly as this one would.
   * Refuses arrays that do not describe a graph on {@code n} spins.
   */
  static PackedSpinGlass fromArrays(int n, double magnitude, double offset, int[] start, int[] neighbor) {
    if (n < 1 || start.length != n + 1 || start[0] != 0 || start[n] != neighbor.length || neighbor.length % 2 != 0) {
      throw new IllegalArgumentException("packed glass: " + n + " spins, " + start.length + " row starts, "
          + neighbor.length + " neighbour entries do not fit together");
    }
    if (!(magnitude > 0) || !Double.isFinite(magnitude) || !Double.isFinite(offset)) {
      throw new IllegalArgumentException("packed glass: coupling magnitude " + magnitude + ", offset " + offset);
    }
    int maxDegree = 0;
    for (int i = 0; i < n; i++) {
      int degree = start[i + 1] - start[i];
      if (degree < 0 || degree > MAX_DEGREE) {
        throw new IllegalArgumentException("packed glass: spin " + i + " has degree " + degree);
      }
      maxDegree = Math.max(maxDegree, degree);
    }
    for (int code : neighbor) {
      if (code < 0 || code >>> 1 >= n) {
        throw new IllegalArgumentException("packed glass: neighbour " + (code >> 1) + " outside 0.." + (n - 1));
      }
    }
    return new PackedSpinGlass(n, magnitude, offset, start, neighbor, maxDegree);
  }

  private PackedSpinGlass(int n, double magnitude, double offset, int[] start, int[] neighbor, int maxDegree) {
    this.n = n;
    this.magnitude = magnitude;
    this.offset = offset;
    this.start = start.clone();
    this.neighbor = neighbor.clone();
    this.planes = Math.max(1, 32 - Integer.numberOfLeadingZeros(maxDegree));
    this.m = neighbor.length / 2;
    int upper = 0;
    for (int i = 0; i < n; i++) {
      for (int k = start[i]; k < start[i + 1]; k++) {
        upper += i < neighbor[k] >>> 1 ? 1 : 0;
      }
    }
    if (upper != m) {   // each edge is listed from both ends, once with i < j
      throw new IllegalArgumentException("packed glass: " + upper + " entries with i < j, expected " + m);
    }
    this.edgeI = new int[m];
    this.edgeJ = new int[m];
    int e = 0;
    for (int i = 0; i < n; i++) {
      for (int k = start[i]; k < start[i + 1]; k++) {
        if (i < neighbor[k] >>> 1) {
          edgeI[e] = i;
          edgeJ[e] = neighbor[k];
          e++;
        }
      }
    }
  }

  /** The packed form of {@code model}, or null when it is not a ±J model the kernel can run. */
  static PackedSpinGlass of(CsrIsing model) {
    for (double h : model.h) {
      if (h != 0) {
        return null;
      }
    }
    if (model.coupling.length == 0) {
      return null;
    }
    double magnitude = Math.abs(model.coupling[0]);
    for (double c : model.coupling) {
      if (Math.abs(c) != magnitude) {
        return null;
      }
    }
    int maxDegree = 0;
    for (int i = 0; i < model.n; i++) {
      maxDegree = Math.max(maxDegree, model.start[i + 1] - model.start[i]);
    }
    return maxDegree <= MAX_DEGREE ? new PackedSpinGlass(model, magnitude, maxDegree) : null;
  }
}
