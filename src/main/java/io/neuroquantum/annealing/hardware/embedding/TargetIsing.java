package io.neuroquantum.annealing.hardware.embedding;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Ising problem on a target graph's qubits, the form a QPU accepts: fields by target index, and
 * couplings keyed by {@link TargetGraph#edgeKey} of the two qubit <em>labels</em>. Qubits no chain
 * uses are inactive (SAPI encodes them as NaN and does not program them).
 *
 * @param graph the target
 * @param h the field of each target index (0 for inactive ones)
 * @param active whether each target index carries part of the problem
 * @param couplings coupling per coupler, by label edge key
 * @param offset the constant that makes target energies of unbroken chains equal logical energies
 */
public record TargetIsing(TargetGraph graph, double[] h, boolean[] active, Map<Long, Double> couplings,
    double offset) {

  public TargetIsing {
    couplings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(couplings));
  }

  /** Energy of spins given by target index (inactive entries ignored). */
  public double energy(byte[] spins) {
    double e = offset;
    for (int i = 0; i < h.length; i++) {
      if (active[i]) {
        e += h[i] * spins[i];
      }
    }
    for (Map.Entry<Long, Double> c : couplings.entrySet()) {
      int a = graph.indexOf((int) (c.getKey() >>> 32));
      int b = graph.indexOf((int) (long) c.getKey());
      e += c.getValue() * spins[a] * spins[b];
    }
    return e;
  }

  /** Every bias divided by {@code factor} (what auto-scaling to the QPU's ranges does). */
  public TargetIsing dividedBy(double factor) {
    double[] scaledH = h.clone();
    for (int i = 0; i < scaledH.length; i++) {
      scaledH[i] /= factor;
    }
    Map<Long, Double> scaledJ = new LinkedHashMap<>();
    couplings.forEach((k, v) -> scaledJ.put(k, v / factor));
    return new TargetIsing(graph, scaledH, active, scaledJ, offset / factor);
  }

  /**
   * The same problem seen through a spin-reversal (gauge) transform: qubit i's spin is multiplied by
   * {@code gauge[i]} (±1). A sample s' of the transformed problem is the sample g·s' of this one with
   * the same energy, so averaging over gauges cancels the QPU's per-qubit biases.
   */
  public TargetIsing gaugeTransformed(byte[] gauge) {
    double[] gh = h.clone();
    for (int i = 0; i < gh.length; i++) {
      gh[i] *= gauge[i];
    }
    Map<Long, Double> gj = new LinkedHashMap<>();
    couplings.forEach((k, v) -> {
      int a = graph.indexOf((int) (k >>> 32));
      int b = graph.indexOf((int) (long) k);
      gj.put(k, v * gauge[a] * gauge[b]);
    });
    return new TargetIsing(graph, gh, active, gj, offset);
  }

  /**
   * The factor (at least 1) to divide every bias by so fields fit {@code hRange} and couplings fit
   * {@code jRange}, as SAPI's {@code auto_scale} does; done here so chain strength and the
   * problem scale together and the energies we report are on the caller's model anyway.
   */
  public double autoScaleFactor(double[] hRange, double[] jRange) {
    double factor = 1;
    for (int i = 0; i < h.length; i++) {
      if (active[i]) {
        factor = Math.max(factor, ratio(h[i], hRange));
      }
    }
    for (double j : couplings.values()) {
      factor = Math.max(factor, ratio(j, jRange));
    }
    return factor;
  }

  private static double ratio(double value, double[] range) {
    if (value > 0) {
      return value / range[1];
    }
    if (value < 0) {
      return value / range[0];
    }
    return 0;
  }
}
