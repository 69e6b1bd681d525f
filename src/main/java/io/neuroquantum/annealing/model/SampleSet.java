package io.neuroquantum.annealing.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of a solver: distinct samples ordered by energy (ties by their values), each with its
 * occurrence count, plus timing and sampling statistics. Like dimod's SampleSet, in the variable
 * type of the model that was solved.
 */
public final class SampleSet {

  private static final Comparator<Sample> BY_ENERGY_THEN_VALUES =
      Comparator.comparingDouble(Sample::energy).thenComparing(Sample::values, Arrays::compare);

  private final VarType varType;
  private final List<Sample> samples;
  private final Timing timing;
  private final SamplingStats stats;
  private final Map<String, Object> info;

  private SampleSet(VarType varType, List<Sample> samples, Timing timing, SamplingStats stats,
      Map<String, Object> info) {
    this.varType = varType;
    this.samples = List.copyOf(samples);
    this.timing = timing;
    this.stats = stats;
    this.info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
  }

  /**
   * Aggregates raw reads (one state and energy per read) into distinct samples. The result does not
   * depend on the order of the reads.
   */
  public static SampleSet fromReads(VarType varType, byte[][] states, double[] energies, Timing timing,
      SamplingStats stats) {
    Map<ByteBuffer, Sample> distinct = new LinkedHashMap<>();
    for (int r = 0; r < states.length; r++) {
      ByteBuffer key = ByteBuffer.wrap(states[r]); // content-based equals and hashCode
      Sample seen = distinct.get(key);
      distinct.put(key, seen == null
          ? new Sample(states[r], energies[r], 1)
          : new Sample(states[r], Math.min(seen.energy(), energies[r]), seen.occurrences() + 1));
    }
    List<Sample> sorted = new ArrayList<>(distinct.values());
    sorted.sort(BY_ENERGY_THEN_VALUES);
    return new SampleSet(varType, sorted, timing, stats, Map.of());
  }

  public static SampleSet of(VarType varType, List<Sample> samples, Timing timing, SamplingStats stats) {
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(BY_ENERGY_THEN_VALUES);
    return new SampleSet(varType, sorted, timing, stats, Map.of());
  }

  public VarType varType() {
    return varType;
  }

  /** Distinct samples, lowest energy first. */
  public List<Sample> samples() {
    return samples;
  }

  public Sample best() {
    if (samples.isEmpty()) {
      throw new IllegalStateException("the sample set is empty");
    }
    return samples.get(0);
  }

  public double bestEnergy() {
    return best().energy();
  }

  public boolean isEmpty() {
    return samples.isEmpty();
  }

  /** Total number of reads: the sum of occurrences. */
  public int totalOccurrences() {
    return samples.stream().mapToInt(Sample::occurrences).sum();
  }

  public Timing timing() {
    return timing;
  }

  public SamplingStats stats() {
    return stats;
  }

  /** This set with its samples mapped to {@code model}'s variable type and energies taken from it. */
  public SampleSet relabel(QuadraticModel model) {
    List<Sample> mapped = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      byte[] values = s.values();
      for (int i = 0; i < values.length; i++) {
        values[i] = varType.convert(values[i], model.varType());
      }
      mapped.add(new Sample(values, model.energyUnchecked(values), s.occurrences()));
    }
    return of(model.varType(), mapped, timing, stats).withInfo(info);
  }

  /**
   * What the solver reports besides samples and sampling statistics, by topic: {@code tempering} (pt's
   * ladder, swap rates, round trips, best-energy trace), {@code tfim_exact} (ground-state probability,
   * expected energy), {@code strategy} (multi-start runs), {@code postprocess} (the local search at the
   * end). Values are JSON-ready: maps with string keys, lists, strings, numbers, booleans. Empty when
   * the solver has nothing to add, so callers read it without knowing the solver's class.
   */
  public Map<String, Object> info() {
    return info;
  }

  /** This set with {@code value} reported under {@code key} (replacing what was there). */
  public SampleSet withInfo(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(info);
    more.put(key, value);
    return new SampleSet(varType, samples, timing, stats, more);
  }

  /** This set with {@code entries} added to its info (an entry of the same key is replaced). */
  public SampleSet withInfo(Map<String, Object> entries) {
    Map<String, Object> more = new LinkedHashMap<>(info);
    more.putAll(entries);
    return new SampleSet(varType, samples, timing, stats, more);
  }

  /** The lowest-energy sample: dimod's {@code first}. */
  public Sample first() {
    return best();
  }

  /**
   * This set with samples of equal values merged: occurrences summed, the lowest energy kept (a set
   * built by {@link #fromReads} is already aggregated; one built by {@link #of} may not be).
   */
  public SampleSet aggregate() {
    Map<ByteBuffer, Sample> distinct = new LinkedHashMap<>();
    for (Sample s : samples) {
      ByteBuffer key = ByteBuffer.wrap(s.values());
      Sample seen = distinct.get(key);
      distinct.put(key, seen == null ? s
          : new Sample(s.values(), Math.min(seen.energy(), s.energy()), seen.occurrences() + s.occurrences()));
    }
    return of(varType, new ArrayList<>(distinct.values()), timing, stats).withInfo(info);
  }

  /** The samples within dimod's default tolerance of the lowest energy (rtol 1e-5, atol 1e-8). */
  public SampleSet lowest() {
    return lowest(1e-5, 1e-8);
  }

  /** The samples whose energy is within {@code atol + rtol·|lowest|} of the lowest, as dimod's {@code lowest}. */
  public SampleSet lowest(double rtol, double atol) {
    if (samples.isEmpty()) {
      return this;
    }
    double min = samples.get(0).energy();
    double limit = min + atol + rtol * Math.abs(min);
    int k = 0;
    while (k < samples.size() && samples.get(k).energy() <= limit) {
      k++;
    }
    return truncate(k);
  }

  /** The {@code k} lowest-energy samples (all of them when there are fewer). */
  public SampleSet truncate(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("cannot keep " + k + " samples");
    }
    return k >= samples.size() ? this : new SampleSet(varType, samples.subList(0, k), timing, stats, info);
  }

  /** The samples' energies, lowest first (dimod's {@code record.energy}). */
  public double[] energies() {
    return samples.stream().mapToDouble(Sample::energy).toArray();
  }

  /** How often each sample was read, in the order of {@link #samples()} (dimod's {@code record.num_occurrences}). */
  public int[] occurrences() {
    return samples.stream().mapToInt(Sample::occurrences).toArray();
  }

  /**
   * The per-sample data vectors, by dimod's names: {@code energy} (double[]) and
   * {@code num_occurrences} (int[]), each in the order of {@link #samples()}.
   */
  public Map<String, Object> dataVectors() {
    Map<String, Object> vectors = new LinkedHashMap<>();
    vectors.put("energy", energies());
    vectors.put("num_occurrences", occurrences());
    return vectors;
  }

  @Override
  public String toString() {
    return "SampleSet[" + samples.size() + " distinct, best=" + (samples.isEmpty() ? "-" : best().energy())
        + ", " + stats + "]";
  }
}
