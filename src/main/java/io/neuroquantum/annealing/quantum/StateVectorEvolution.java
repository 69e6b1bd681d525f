package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.solvers.StopCheck;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleUnaryOperator;

/**
 * Exact (state-vector) time evolution under H(t) = −a(t)·Σᵢσᵢˣ + b(t)·H_problem for up to 20 qubits,
 * with ħ = 1.
 *
 * <p>Integrator: the Strang split e^{−i h b H_P/2} · Πᵢ e^{i h a σᵢˣ} · e^{−i h b H_P/2}, a and b taken
 * at the step's midpoint (second order for time-dependent H), or by default Yoshida's composition of
 * three such steps (fourth order). The diagonal part is a phase per basis state; each σˣ factor mixes
 * amplitude pairs z, z⊕2^q with cos and i·sin; both are exactly unitary, so the norm only drifts by
 * rounding. The step size is controlled by step doubling: one step of h against two of h/2, whose
 * difference estimates the local error; a step is accepted when that estimate is at most
 * {@code tolerance·h/(t1 − t0)}, so the errors of a whole evolution add up to about {@code tolerance}
 * (in the 2-norm of the state).
 *
 * <pre>{@code
 * StateVectorEvolution ev = StateVectorEvolution.of(ising);
 * StateVector psi = ev.groundState(5.0, 1.0);                       // ground state of H at Γ = 5
 * ev.evolve(psi, t -> 5.0 * (1 - t / 20), t -> 1.0, 0, 20, StateVectorEvolution.Options.DEFAULT, StopCheck.never());
 * }</pre>
 */
public final class StateVectorEvolution {

  public static final int MAX_QUBITS = 20;
  private static final double YOSHIDA_OUTER = 1 / (2 - Math.cbrt(2));
  private static final double YOSHIDA_INNER = 1 - 2 * YOSHIDA_OUTER;

  /**
   * @param fourthOrder Yoshida's fourth-order composition (default) rather than plain Strang
   * @param tolerance target for the accumulated error in the 2-norm of the state
   * @param maxSteps a guard against a tolerance that cannot be met
   */
  public record Options(boolean fourthOrder, double tolerance, long maxSteps) {
    public static final Options DEFAULT = new Options(true, 1e-6, 50_000_000L);

    public Options {
      if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
        throw new IllegalArgumentException("tolerance must be positive and finite: " + tolerance);
      }
      if (maxSteps < 1) {
        throw new IllegalArgumentException("maxSteps must be positive: " + maxSteps);
      }
    }

    public Options withTolerance(double t) {
      return new Options(fourthOrder, t, maxSteps);
    }

    public Options withFourthOrder(boolean f) {
      return new Options(f, tolerance, maxSteps);
    }

    int order() {
      return fourthOrder ? 4 : 2;
    }
  }

  /**
   * @param steps accepted steps
   * @param rejectedSteps steps redone with a smaller h
   * @param errorEstimate sum of the local error estimates of the accepted steps
   * @param completed false when a stop check ended the evolution early
   */
  public record Report(long steps, long rejectedSteps, double errorEstimate, double smallestStep, double endTime,
      boolean completed) {
  }

  private final int n;
  private final double[] energy;
  /** Distinct energies and each basis state's index into them, or null when there are too many. */
  private final double[] levels;
  private final int[] levelOf;
  private final double[] levelCos;
  private final double[] levelSin;

  private StateVectorEvolution(int n, double[] energy) {
    this.n = n;
    this.energy = energy;
    double[] distinct = java.util.Arrays.stream(energy).distinct().sorted().toArray();
    if (distinct.length <= energy.length / 8) {
      // Integer-weighted problems have few distinct energies: two trig calls per level, not per state.
      levels = distinct;
      levelOf = new int[energy.length];
      for (int z = 0; z < energy.length; z++) {
        levelOf[z] = java.util.Arrays.binarySearch(distinct, energy[z]);
      }
      levelCos = new double[distinct.length];
      levelSin = new double[distinct.length];
    } else {
      levels = null;
      levelOf = null;
      levelCos = null;
      levelSin = null;
    }
  }

  public static StateVectorEvolution of(Ising model) {
    return new StateVectorEvolution(model.numVariables(),
        BasisEnergies.of(model, MAX_QUBITS, "state-vector evolution (16·2ⁿ bytes)"));
  }

  public int numQubits() {
    return n;
  }

  /** The problem energy of every basis state (a copy). */
  public double[] basisEnergies() {
    return energy.clone();
  }

  /** ⟨ψ|H_P|ψ⟩. */
  public double expectedProblemEnergy(StateVector psi) {
    double e = 0;
    for (int z = 0; z < energy.length; z++) {
      e += psi.probability(z) * energy[z];
    }
    return e;
  }

  /** Σ |ψ(z)|² over the ground states z of H_P. */
  public double groundStateProbability(StateVector psi) {
    double p = 0;
    for (int z : BasisEnergies.groundStates(energy)) {
      p += psi.probability(z);
    }
    return p;
  }

  /**
   * Evolves {@code psi} in place from t0 to t1.
   *
   * @param onProgress told the fraction of [t0, t1] done after each step, or null
   */
  public Report evolve(StateVector psi, DoubleUnaryOperator a, DoubleUnaryOperator b, double t0, double t1,
      Options options, StopCheck stop, DoubleConsumer onProgress) {
    checkState(psi);
    if (!(t1 > t0) || !Double.isFinite(t0) || !Double.isFinite(t1)) {
      throw new IllegalArgumentException("need finite t0 < t1: [" + t0 + ", " + t1 + "]");
    }
    double span = t1 - t0;
    int p = options.order();
    StateVector big = new StateVector(n);
    StateVector small = new StateVector(n);
    double t = t0;
    double h = span / 100;
    long steps = 0;
    long rejected = 0;
    double errSum = 0;
    double smallest = Double.POSITIVE_INFINITY;
    while (t < t1) {
      if (steps + rejected >= options.maxSteps()) {
        throw new IllegalStateException("state-vector evolution needed more than " + options.maxSteps()
            + " steps for tolerance " + options.tolerance() + " (at t = " + t + ", step " + h + ")");
      }
      if (stop.shouldStop()) {
        return new Report(steps, rejected, errSum, smallest, t, false);
      }
      double step = Math.min(h, t1 - t);
      boolean last = step == t1 - t;
      psi.copyInto(big);
      step(big, t, step, a, b, options.fourthOrder());
      psi.copyInto(small);
      step(small, t, step / 2, a, b, options.fourthOrder());
      step(small, t + step / 2, step / 2, a, b, options.fourthOrder());
      double err = big.distance(small) / ((1 << p) - 1);
      double allowed = options.tolerance() * step / span;
      if (!Double.isFinite(err)) {
        throw new IllegalStateException("state-vector evolution diverged at t = " + t);
      }
      if (err <= allowed) {
        small.copyInto(psi);
        t = last ? t1 : t + step;
        steps++;
        errSum += err;
        smallest = Math.min(smallest, step);
        if (onProgress != null) {
          onProgress.accept((t - t0) / span);
        }
      } else {
        rejected++;
      }
      double factor = err == 0 ? 4 : 0.9 * Math.pow(allowed / err, 1.0 / p);
      h = step * Math.max(0.2, Math.min(4, factor));
    }
    return new Report(steps, rejected, errSum, smallest, t1, true);
  }

  private void checkState(StateVector psi) {
    if (psi.n != n) {
      throw new IllegalArgumentException("state has " + psi.n + " qubits, the model " + n);
    }
  }

  /** One step of the chosen order; consecutive diagonal halves are merged, since they commute. */
  private void step(StateVector psi, double t, double h, DoubleUnaryOperator a, DoubleUnaryOperator b,
      boolean fourthOrder) {
    if (!fourthOrder) {
      double mid = t + h / 2;
      double bm = b.applyAsDouble(mid);
      phase(psi, bm * h / 2);
      mix(psi, a.applyAsDouble(mid) * h);
      phase(psi, bm * h / 2);
      return;
    }
    double[] sub = {YOSHIDA_OUTER * h, YOSHIDA_INNER * h, YOSHIDA_OUTER * h};
    double pending = 0;
    double ts = t;
    for (double hs : sub) {
      double mid = ts + hs / 2;
      double bm = b.applyAsDouble(mid);
      phase(psi, pending + bm * hs / 2);
      mix(psi, a.applyAsDouble(mid) * hs);
      pending = bm * hs / 2;
      ts += hs;
    }
    phase(psi, pending);
  }

  /** ψ(z) ← e^{−i·w·E(z)} ψ(z). */
  private void phase(StateVector psi, double w) {
    if (w == 0) {
      return;
    }
    final double[] re = psi.re;
    final double[] im = psi.im;
    final double[] e = energy;
    if (levels != null) {
      for (int l = 0; l < levels.length; l++) {
        levelCos[l] = Math.cos(-w * levels[l]);
        levelSin[l] = Math.sin(-w * levels[l]);
      }
      final int[] lv = levelOf;
      for (int z = 0; z < e.length; z++) {
        double c = levelCos[lv[z]];
        double s = levelSin[lv[z]];
        double r = re[z];
        double i = im[z];
        re[z] = r * c - i * s;
        im[z] = r * s + i * c;
      }
      return;
    }
    for (int z = 0; z < e.length; z++) {
      double theta = -w * e[z];
      double c = Math.cos(theta);
      double s = Math.sin(theta);
      double r = re[z];
      double i = im[z];
      re[z] = r * c - i * s;
      im[z] = r * s + i * c;
    }
  }

  /** ψ ← Πᵩ e^{i·θ·σᵩˣ} ψ: cos θ on the diagonal, i·sin θ between z and z⊕2^q. */
  private void mix(StateVector psi, double theta) {
    if (theta == 0) {
      return;
    }
    final double c = Math.cos(theta);
    final double s = Math.sin(theta);
    final double[] re = psi.re;
    final double[] im = psi.im;
    final int dim = re.length;
    for (int q = 0; q < n; q++) {
      final int bit = 1 << q;
      for (int base = 0; base < dim; base += bit << 1) {
        for (int z0 = base, end = base + bit; z0 < end; z0++) {
          final int z1 = z0 + bit;
          final double r0 = re[z0];
          final double i0 = im[z0];
          final double r1 = re[z1];
          final double i1 = im[z1];
          re[z0] = c * r0 - s * i1;
          im[z0] = c * i0 + s * r1;
          re[z1] = c * r1 - s * i0;
          im[z1] = c * i1 + s * r0;
        }
      }
    }
  }

  /**
   * The ground state of −a·Σσˣ + b·H_P by imaginary-time evolution from |+⟩ⁿ with Strang steps of
   * shrinking length τ (the fixed point of a step is off by O(τ²)); it ends at τ·scale = 1/160, where
   * the remaining error is below 1e-5 in overlap for the models in the tests. Real arithmetic: the
   * Hamiltonian is real and its ground state can be taken real and positive.
   */
  public StateVector groundState(double a, double b) {
    double eMin = Double.POSITIVE_INFINITY;
    double eMax = Double.NEGATIVE_INFINITY;
    for (double e : energy) {
      eMin = Math.min(eMin, e);
      eMax = Math.max(eMax, e);
    }
    double scale = Math.max(Math.abs(a), Math.abs(b) * (eMax - eMin) / n);
    if (scale == 0) {
      return StateVector.uniform(n);
    }
    StateVector psi = StateVector.uniform(n);
    double[] x = psi.re;
    double[] previous = new double[x.length];
    double[] factor = new double[x.length];
    for (double tau = 0.2 / scale; tau >= 0.2 / scale / 32 * 0.999; tau /= 2) {
      for (int z = 0; z < x.length; z++) {
        factor[z] = Math.exp(-tau / 2 * b * (energy[z] - eMin));
      }
      double ch = Math.cosh(tau * a);
      double sh = Math.sinh(tau * a);
      for (int iter = 0; iter < 200_000; iter++) {
        System.arraycopy(x, 0, previous, 0, x.length);
        imaginaryStep(x, factor, ch, sh);
        double diff = 0;
        for (int z = 0; z < x.length; z++) {
          diff += (x[z] - previous[z]) * (x[z] - previous[z]);
        }
        if (diff < 1e-26) {
          break;
        }
      }
    }
    return psi;
  }

  private void imaginaryStep(double[] x, double[] factor, double ch, double sh) {
    int dim = x.length;
    for (int z = 0; z < dim; z++) {
      x[z] *= factor[z];
    }
    for (int q = 0; q < n; q++) {
      int bit = 1 << q;
      for (int base = 0; base < dim; base += bit << 1) {
        for (int z0 = base, end = base + bit; z0 < end; z0++) {
          double x0 = x[z0];
          double x1 = x[z0 + bit];
          x[z0] = ch * x0 + sh * x1;
          x[z0 + bit] = ch * x1 + sh * x0;
        }
      }
    }
    double norm = 0;
    for (int z = 0; z < dim; z++) {
      x[z] *= factor[z];
      norm += x[z] * x[z];
    }
    double inv = 1 / Math.sqrt(norm);
    for (int z = 0; z < dim; z++) {
      x[z] *= inv;
    }
  }
}
