package io.neuroquantum.annealing.composites;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Spin-reversal transforms (gauge averaging), as dwave-system's SpinReversalTransformComposite: for
 * each of {@code transforms} random gauges g ∈ {−1, +1}ⁿ the inner solver gets the Ising model with
 * {@code h'ᵢ = gᵢhᵢ} and {@code J'ᵢⱼ = gᵢgⱼJᵢⱼ}, which has the same energies under sᵢ = gᵢs'ᵢ; its
 * samples are mapped back, rescored on the original model and pooled (equal samples add their
 * counts). A sampler with a bias towards one spin direction, as quantum hardware has, then averages
 * it out; for the exact solvers here it changes nothing but the random streams. Gauge t comes from
 * {@code seed} and t, so the answer is reproducible.
 */
public final class SpinReversalComposite implements Solver {

  private final Solver inner;
  private final int transforms;
  private final long seed;

  public SpinReversalComposite(Solver inner, int transforms, long seed) {
    if (transforms < 1) {
      throw new IllegalArgumentException("spin reversals must be at least 1: " + transforms);
    }
    this.inner = inner;
    this.transforms = transforms;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "srt+" + inner.name();
  }

  /** The info topic this composite reports under: {@code transforms} asked, {@code gauges_used} run. */
  public static final String TOPIC = "spin_reversals";

  public Solver inner() {
    return inner;
  }

  public int transforms() {
    return transforms;
  }

  /** Gauge t for a model of n variables. */
  public byte[] gauge(int t, int n) {
    SplittableRandom rnd = new SplittableRandom(seed).split();
    for (int k = 0; k < t; k++) {
      rnd = rnd.split();
    }
    byte[] g = new byte[n];
    for (int i = 0; i < n; i++) {
      g[i] = (byte) (rnd.nextBoolean() ? 1 : -1);
    }
    return g;
  }

  /** The model under a gauge: same energy at s' = g·s as the original at s. */
  public static Ising transform(Ising model, byte[] g) {
    Ising.Builder b = Ising.builder(model.numVariables()).addOffset(model.offset());
    for (int i = 0; i < model.numVariables(); i++) {
      b.addLinear(i, g[i] * model.linear(i));
    }
    model.forEachInteraction((i, j, coupling) -> b.addQuadratic(i, j, g[i] * g[j] * coupling));
    return b.build();
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    Ising ising = model.toIsing();
    int n = model.numVariables();
    Map<ByteBuffer, Sample> pooled = new LinkedHashMap<>();
    long totalNanos = 0;
    long samplingNanos = 0;
    long attempts = 0;
    long accepted = 0;
    long sweeps = 0;
    int reads = 0;
    String stop = SamplingStats.COMPLETED;
    Map<String, Object> innerInfo = Map.of();
    int used = 0;
    for (int t = 0; t < transforms; t++) {
      byte[] g = gauge(t, n);
      SampleSet part = inner.solve(transform(ising, g), control).relabel(ising);
      used++;
      innerInfo = part.info();   // the inner solver's own report (pt's ladder, …) of the last gauge
      for (Sample s : part.samples()) {
        byte[] values = s.values();
        for (int i = 0; i < n; i++) {
          values[i] = VarType.SPIN.convert((byte) (g[i] * values[i]), model.varType());
        }
        ByteBuffer key = ByteBuffer.wrap(values);
        Sample seen = pooled.get(key);
        pooled.put(key, new Sample(values, model.energyUnchecked(values),
            s.occurrences() + (seen == null ? 0 : seen.occurrences())));
      }
      totalNanos += part.timing().totalNanos();
      samplingNanos += part.timing().samplingNanos();
      SamplingStats st = part.stats();
      attempts += st.spinUpdateAttempts();
      accepted += st.acceptedFlips();
      sweeps = Math.max(sweeps, st.sweeps());
      reads += st.reads();
      if (st.stoppedEarly()) {
        stop = st.stopReason();
        break;   // time limit or cancellation: later transforms would stop at once too
      }
    }
    SamplingStats stats = new SamplingStats(attempts, accepted, sweeps, reads,
        attempts == 0 ? 0 : (double) samplingNanos / attempts, stop);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("transforms", transforms);
    info.put("gauges_used", used);
    return SampleSet.of(model.varType(), new ArrayList<>(pooled.values()), new Timing(totalNanos, samplingNanos), stats)
        .withInfo(innerInfo).withInfo(TOPIC, info);
  }

}
