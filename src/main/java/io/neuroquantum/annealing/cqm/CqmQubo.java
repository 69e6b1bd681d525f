package io.neuroquantum.annealing.cqm;

import io.neuroquantum.annealing.model.BinaryExpansion;
import io.neuroquantum.annealing.model.CompiledQubo;
import io.neuroquantum.annealing.model.ConstrainedQubo;
import io.neuroquantum.annealing.model.Constraint;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.VarType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ConstrainedQuadraticModel} as one QUBO, and the way back from its samples.
 *
 * <p>Encoding: a binary variable is one bit; an integer in {@code [l, u]} is {@code l + Σ wₖbₖ} with
 * the log-encoding weights of {@link BinaryExpansion} (⌈log₂(u − l + 1)⌉ bits, every value in range
 * and none outside). The objective (negated when maximised) becomes a QUBO over these bits exactly.
 * Each constraint, linear in the bits, becomes a {@link Constraint} that {@link ConstrainedQubo}
 * turns into {@code P·(lhs + slack − rhs)²} with binary slack counted in the constraint's decimal unit δ.
 *
 * <p>Penalty rule (default): {@code P = 1.1 · S / δ²}, where S is the sum of the absolute values of
 * the expanded objective's coefficients (S bounds its largest minus its smallest value; P = 1/δ² when
 * S = 0). An infeasible assignment misses its constraint by at least δ whatever the slack, so it pays
 * at least {@code P·δ² > S} and its energy exceeds every feasible one's: <b>the QUBO's minimum is a
 * feasible optimum of the model</b>, with energy equal to the objective there. This is a safe weight,
 * not a small one; a constraint's own weight, or one passed to {@link #of(ConstrainedQuadraticModel,
 * double)}, replaces it (and the guarantee with it).
 *
 * <p>Quadratic constraints are refused here: their square has degree 4 (see the hubo package).
 */
public final class CqmQubo {

  /** Margin of the automatic penalty over the objective's spread (see the class comment). */
  public static final double PENALTY_MARGIN = 1.1;

  private final ConstrainedQuadraticModel model;
  private final CompiledQubo compiled;
  private final int[] firstBit;
  private final long[][] bitWeights;
  private final double[] penalties;

  private CqmQubo(ConstrainedQuadraticModel model, CompiledQubo compiled, int[] firstBit, long[][] bitWeights,
      double[] penalties) {
    this.model = model;
    this.compiled = compiled;
    this.firstBit = firstBit;
    this.bitWeights = bitWeights;
    this.penalties = penalties;
  }

  /** Compiles with the automatic penalty rule. */
  public static CqmQubo of(ConstrainedQuadraticModel model) {
    return compile(model, Double.NaN);
  }

  /** Compiles with one penalty weight for every constraint that has none of its own. */
  public static CqmQubo of(ConstrainedQuadraticModel model, double penaltyWeight) {
    if (!(penaltyWeight > 0 && Double.isFinite(penaltyWeight))) {
      throw new InvalidModelException("penalty weight must be positive and finite, got " + penaltyWeight);
    }
    return compile(model, penaltyWeight);
  }

  private static CqmQubo compile(ConstrainedQuadraticModel model, double penaltyWeight) {
    int n = model.numVariables();
    int[] firstBit = new int[n];
    long[][] weights = new long[n][];
    int bits = 0;
    for (int i = 0; i < n; i++) {
      CqmVariable v = model.variable(i);
      weights[i] = BinaryExpansion.weights(v.upper() - v.lower());
      firstBit[i] = bits;
      bits += weights[i].length;
    }
    Layout layout = new Layout(model, firstBit, weights);

    double sign = model.goal() == ConstrainedQuadraticModel.Goal.MAXIMIZE ? -1 : 1;
    Qubo objective = layout.expand(model.objective().scaled(sign), bits);
    double spread = sumAbs(objective);

    List<Constraint> constraints = new ArrayList<>();
    double[] penalties = new double[model.constraints().size()];
    for (int c = 0; c < penalties.length; c++) {
      CqmConstraint cc = model.constraints().get(c);
      Constraint expanded = layout.expand(cc);
      if (expanded == null) {
        continue;   // no variable left (all fixed by bounds) and satisfied: nothing to penalise
      }
      double weight = !Double.isNaN(cc.weight()) ? cc.weight()
          : !Double.isNaN(penaltyWeight) ? penaltyWeight
          : automaticPenalty(spread, expanded);
      penalties[c] = weight;
      constraints.add(expanded.withWeight(weight));
    }
    CompiledQubo compiled = ConstrainedQubo.of(objective, constraints).compile();
    return new CqmQubo(model, compiled, firstBit, weights, penalties);
  }

  private static double automaticPenalty(double spread, Constraint c) {
    double unit = c.slackResolution();
    if (Double.isNaN(unit)) {
      throw new InvalidModelException("constraint " + c.label() + ": coefficients must be decimals of at most "
          + Constraint.MAX_DECIMALS + " places for the automatic penalty (its smallest violation is unknown"
          + " otherwise); round them or give the constraint a penalty weight");
    }
    return (spread > 0 ? PENALTY_MARGIN * spread : 1.0) / (unit * unit);
  }

  private static double sumAbs(Qubo q) {
    double[] sum = {0};
    for (int i = 0; i < q.numVariables(); i++) {
      sum[0] += Math.abs(q.linear(i));
    }
    q.forEachInteraction((i, j, v) -> sum[0] += Math.abs(v));
    return sum[0];
  }

  public ConstrainedQuadraticModel model() {
    return model;
  }

  /** The QUBO to sample: decision bits first, then slack bits. */
  public Qubo qubo() {
    return compiled.qubo();
  }

  public int numDecisionBits() {
    return compiled.numDecisionVariables();
  }

  public int numSlackBits() {
    return compiled.numSlackVariables();
  }

  /** The penalty weight of each constraint, in the model's order (0 for one with nothing to penalise). */
  public double[] penalties() {
    return penalties.clone();
  }

  /** The bits of variable i in the QUBO, in the order of its expansion weights. */
  public int[] bitsOf(int variable) {
    int[] out = new int[bitWeights[variable].length];
    for (int k = 0; k < out.length; k++) {
      out[k] = firstBit[variable] + k;
    }
    return out;
  }

  /** The model's discrete variables as one-hot groups of QUBO bits (for parallel tempering's moves), or null. */
  public OneHotGroups oneHotGroups() {
    List<int[]> groups = model.discreteGroups();
    if (groups.isEmpty()) {
      return null;
    }
    int[][] bits = new int[groups.size()][];
    for (int g = 0; g < bits.length; g++) {
      bits[g] = Arrays.stream(groups.get(g)).map(v -> firstBit[v]).toArray();
    }
    return new OneHotGroups(bits, OneHotGroups.Kind.SHIFT);
  }

  /** The model's variable values encoded in a QUBO sample (slack bits are ignored). */
  public long[] values(byte[] sample) {
    if (sample.length != qubo().numVariables()) {
      throw new InvalidModelException("sample has " + sample.length + " values, the QUBO has " + qubo().numVariables());
    }
    long[] values = new long[model.numVariables()];
    for (int i = 0; i < values.length; i++) {
      long v = model.variable(i).lower();
      for (int k = 0; k < bitWeights[i].length; k++) {
        v += bitWeights[i][k] * sample[firstBit[i] + k];
      }
      values[i] = v;
    }
    return values;
  }

  /** One QUBO sample read as the model's assignment, with its objective and per-constraint violations. */
  public CqmSample decode(byte[] sample) {
    long[] values = values(sample);
    return new CqmSample(values, model.objectiveValue(values), model.violations(values),
        qubo().energy(sample), 1);
  }

  /**
   * Every sample of a QUBO solve read back: samples that decode to the same assignment (differing
   * in slack only) merge; feasible ones first, then best objective first, then lowest energy.
   */
  public List<CqmSample> decode(SampleSet samples) {
    if (samples.varType() != VarType.BINARY) {
      throw new InvalidModelException("decode needs binary samples (solve the QUBO), got " + samples.varType());
    }
    Map<List<Long>, CqmSample> merged = new LinkedHashMap<>();
    for (Sample s : samples.samples()) {
      CqmSample d = decode(s.values());
      List<Long> key = Arrays.stream(d.values()).boxed().toList();
      merged.merge(key, new CqmSample(d.values(), d.objective(), d.violations(), s.energy(), s.occurrences()),
          (a, b) -> new CqmSample(a.values(), a.objective(), a.violations(), Math.min(a.energy(), b.energy()),
              a.occurrences() + b.occurrences()));
    }
    double sign = model.goal() == ConstrainedQuadraticModel.Goal.MAXIMIZE ? -1 : 1;
    List<CqmSample> out = new ArrayList<>(merged.values());
    out.sort(Comparator.comparing((CqmSample d) -> !d.feasible())
        .thenComparingDouble(d -> sign * d.objective())
        .thenComparingDouble(CqmSample::energy));
    return out;
  }

  /** Writes expressions over the model's variables as expressions over bits. */
  private record Layout(ConstrainedQuadraticModel model, int[] firstBit, long[][] weights) {

    /** The objective over bits: products of two affine forms, using b·b = b. */
    Qubo expand(QuadraticExpression e, int bits) {
      Qubo.Builder q = Qubo.builder(Math.max(bits, 0));
      double[] offset = {e.constant()};
      e.linear().forEach((i, a) -> {
        offset[0] += a * model.variable(i).lower();
        for (int k = 0; k < weights[i].length; k++) {
          q.addLinear(firstBit[i] + k, a * weights[i][k]);
        }
      });
      e.quadratic().forEach((p, a) -> {
        int u = QuadraticExpression.first(p);
        int v = QuadraticExpression.second(p);
        long lu = model.variable(u).lower();
        long lv = model.variable(v).lower();
        offset[0] += a * lu * lv;
        for (int k = 0; k < weights[u].length; k++) {
          q.addLinear(firstBit[u] + k, a * lv * weights[u][k]);
        }
        for (int k = 0; k < weights[v].length; k++) {
          q.addLinear(firstBit[v] + k, a * lu * weights[v][k]);
        }
        for (int k = 0; k < weights[u].length; k++) {
          for (int l = 0; l < weights[v].length; l++) {
            int bu = firstBit[u] + k;
            int bv = firstBit[v] + l;
            q.add(bu, bv, a * weights[u][k] * weights[v][l]);
          }
        }
      });
      return q.addOffset(offset[0]).build();
    }

    /** A linear constraint over bits, or null when no bit is left and it holds anyway. */
    Constraint expand(CqmConstraint c) {
      if (!c.lhs().isLinear()) {
        throw new InvalidModelException("constraint " + c.label() + " is quadratic: its penalty would have degree 4,"
            + " which a QUBO cannot hold; linearise it, or reduce the penalty with the hubo package");
      }
      Map<Integer, Double> terms = new TreeMap<>();
      double rhs = c.rhs();
      for (Map.Entry<Integer, Double> t : c.lhs().linear().entrySet()) {
        int i = t.getKey();
        double a = t.getValue();
        rhs -= a * model.variable(i).lower();
        for (int k = 0; k < weights[i].length; k++) {
          terms.merge(firstBit[i] + k, a * weights[i][k], Double::sum);
        }
      }
      terms.values().removeIf(a -> a == 0.0);
      if (terms.isEmpty()) {
        boolean holds = switch (c.sense()) {
          case LE -> 0 <= rhs + 1e-9;
          case GE -> 0 >= rhs - 1e-9;
          case EQ -> Math.abs(rhs) <= 1e-9;
        };
        if (!holds) {
          throw new InvalidModelException("constraint " + c.label() + " can never be satisfied within the bounds");
        }
        return null;
      }
      int[] vars = terms.keySet().stream().mapToInt(Integer::intValue).toArray();
      double[] coefficients = terms.values().stream().mapToDouble(Double::doubleValue).toArray();
      return switch (c.sense()) {
        case LE -> Constraint.lessOrEqual(c.label(), vars, coefficients, rhs);
        case GE -> Constraint.greaterOrEqual(c.label(), vars, coefficients, rhs);
        case EQ -> Constraint.equality(c.label(), vars, coefficients, rhs);
      };
    }
  }
}
