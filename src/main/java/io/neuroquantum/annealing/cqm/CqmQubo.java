package io.neuroquantum.annealing.cqm;

import io.neuroquantum.annealing.hubo.Hubo;
import io.neuroquantum.annealing.hubo.HuboReduction;
import io.neuroquantum.annealing.hubo.ReducedHubo;
import io.neuroquantum.annealing.model.BinaryExpansion;
import io.neuroquantum.annealing.model.CompiledQubo;
import io.neuroquantum.annealing.model.ConstrainedQubo;
import io.neuroquantum.annealing.model.Constraint;
import io.neuroquantum.annealing.model.DerivedQuboSize;
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
 * <p>A quadratic constraint, quadratic in the bits too, gets the same penalty {@code P·(lhs + slack − rhs)²}
 * with slack in [0, rhs − low] (low: the sum of the negative bit coefficients): a polynomial of
 * degree 4 that {@link HuboReduction} brings back to a QUBO with auxiliary bits, keeping the minimum
 * over them exactly, so the guarantee above holds for it too. Bits: decision, then slack of linear
 * constraints, then slack of quadratic ones, then auxiliaries.
 */
public final class CqmQubo {

  /** Margin of the automatic penalty over the objective's spread (see the class comment). */
  public static final double PENALTY_MARGIN = 1.1;

  private final ConstrainedQuadraticModel model;
  private final Qubo qubo;
  private final int decisionBits;
  private final int slackBits;
  private final int auxiliaryBits;
  private final int[] firstBit;
  private final long[][] bitWeights;
  private final double[] penalties;

  private CqmQubo(ConstrainedQuadraticModel model, Qubo qubo, int decisionBits, int slackBits, int auxiliaryBits,
      int[] firstBit, long[][] bitWeights, double[] penalties) {
    this.model = model;
    this.qubo = qubo;
    this.decisionBits = decisionBits;
    this.slackBits = slackBits;
    this.auxiliaryBits = auxiliaryBits;
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
    List<BitPolynomial> quadratic = new ArrayList<>();
    double[] penalties = new double[model.constraints().size()];
    for (int c = 0; c < penalties.length; c++) {
      CqmConstraint cc = model.constraints().get(c);
      if (!cc.lhs().isLinear()) {
        BitPolynomial p = layout.expandQuadratic(cc);
        double weight = !Double.isNaN(cc.weight()) ? cc.weight()
            : !Double.isNaN(penaltyWeight) ? penaltyWeight
            : automaticPenalty(spread, cc.label(), p.resolution());
        penalties[c] = weight;
        quadratic.add(p.withWeight(weight));
        continue;
      }
      Constraint expanded = layout.expand(cc);
      if (expanded == null) {
        continue;   // no variable left (all fixed by bounds) and satisfied: nothing to penalise
      }
      double weight = !Double.isNaN(cc.weight()) ? cc.weight()
          : !Double.isNaN(penaltyWeight) ? penaltyWeight
          : automaticPenalty(spread, expanded.label(), expanded.slackResolution());
      penalties[c] = weight;
      constraints.add(expanded.withWeight(weight));
    }
    CompiledQubo compiled = ConstrainedQubo.of(objective, constraints).compile();
    if (quadratic.isEmpty()) {
      return new CqmQubo(model, compiled.qubo(), bits, compiled.numSlackVariables(), 0, firstBit, weights, penalties);
    }
    // the quadratic constraints' penalties have degree up to 4: collect everything as a HUBO and reduce it
    int next = compiled.qubo().numVariables();
    List<int[]> slackOf = new ArrayList<>();
    for (BitPolynomial p : quadratic) {
      slackOf.add(new int[] {next, p.slackWeights().length});
      next += p.slackWeights().length;
    }
    Hubo.Builder h = Hubo.builder(next).add(compiled.qubo().offset());
    Qubo base = compiled.qubo();
    for (int i = 0; i < base.numVariables(); i++) {
      h.add(base.linear(i), i);
    }
    base.forEachInteraction((i, j, v) -> h.add(v, i, j));
    for (int k = 0; k < quadratic.size(); k++) {
      quadratic.get(k).addSquaredPenalty(h, slackOf.get(k)[0]);
    }
    ReducedHubo reduced = HuboReduction.reduce(h.build());
    return new CqmQubo(model, reduced.qubo(), bits, next - bits, reduced.numAuxiliary(), firstBit, weights, penalties);
  }

  /**
   * The size of the QUBO {@link #of} would build for {@code model}, worked out from the model alone in
   * time linear in its size (upper bounds, see {@link DerivedQuboSize}): decision bits exactly; for an
   * inequality at most the slack bits its range in its decimal unit needs (at most
   * {@link BinaryExpansion#MAX_BITS}); each linear constraint's penalty adds a term per pair of its
   * bits and slack; a quadratic constraint's degree-4 penalty is counted as every product of two of its
   * bit terms, with two auxiliaries for each product that holds a product of bits, and the reduction's
   * pair moves (24 per such product, as {@link HuboReduction#estimate} counts them).
   */
  public static DerivedQuboSize estimate(ConstrainedQuadraticModel model) {
    int n = model.numVariables();
    long[] bits = new long[n];
    long decision = 0;
    for (int i = 0; i < n; i++) {
      CqmVariable v = model.variable(i);
      bits[i] = BinaryExpansion.bits(v.upper() - v.lower());
      decision += bits[i];
    }
    long terms = expandedTerms(model.objective(), bits);
    long slack = 0;
    long auxiliaries = 0;
    long higherMonomials = 0;
    for (CqmConstraint c : model.constraints()) {
      long s = c.sense() == Sense.EQ ? 0 : slackBits(model, c);
      slack = DerivedQuboSize.saturatedSum(slack, s);
      long k = DerivedQuboSize.saturatedSum(linearBits(c.lhs(), bits), s);
      if (c.lhs().isLinear()) {
        terms = DerivedQuboSize.saturatedSum(terms, DerivedQuboSize.saturatedProduct(k, k) / 2);
        continue;
      }
      // the square of its t bit terms (q of them products of two bits): t² products in all, of which
      // only those with a product in them can reach degree 3 or 4, each needing at most 2 auxiliaries
      long q = expandedTerms(c.lhs(), bits) - linearBits(c.lhs(), bits);
      long t = DerivedQuboSize.saturatedSum(k, q);
      long higher = DerivedQuboSize.saturatedProduct(q, t);
      higherMonomials = DerivedQuboSize.saturatedSum(higherMonomials, higher);
      auxiliaries = DerivedQuboSize.saturatedSum(auxiliaries, DerivedQuboSize.saturatedProduct(2, higher));
      terms = DerivedQuboSize.saturatedSum(terms, DerivedQuboSize.saturatedProduct(t, t));
    }
    terms = DerivedQuboSize.saturatedSum(terms, DerivedQuboSize.saturatedProduct(3, auxiliaries));
    // HuboReduction.estimate's rule for terms of degree ≤ 4: at most 2 substitutions of 12 pair moves each
    long steps = DerivedQuboSize.saturatedProduct(24, higherMonomials);
    return new DerivedQuboSize(decision, slack, auxiliaries, terms, steps, higherMonomials > 0 ? 4 : 2);
  }

  /** The bits of an expression's linear terms. */
  private static long linearBits(QuadraticExpression e, long[] bits) {
    long k = 0;
    for (int i : e.linear().keySet()) {
      k += bits[i];
    }
    return k;
  }

  /** Terms an expression becomes over bits: a product of two integers is every pair of their bits. */
  private static long expandedTerms(QuadraticExpression e, long[] bits) {
    long terms = linearBits(e, bits);
    for (long p : e.quadratic().keySet()) {
      terms = DerivedQuboSize.saturatedSum(terms, DerivedQuboSize.saturatedProduct(
          bits[QuadraticExpression.first(p)], bits[QuadraticExpression.second(p)]));
    }
    return terms;
  }

  /**
   * An inequality's slack bits, at most: its left side spans at most Σ|aᵢ|·(uᵢ − lᵢ) (times the widest
   * product for a quadratic one) beyond the right side, counted in the unit of its decimals.
   */
  private static long slackBits(ConstrainedQuadraticModel model, CqmConstraint c) {
    double[] coefficients = new double[c.lhs().linear().size() + c.lhs().quadratic().size()];
    double span = Math.abs(c.rhs());
    int k = 0;
    for (var t : c.lhs().linear().entrySet()) {
      CqmVariable v = model.variable(t.getKey());
      coefficients[k++] = t.getValue();
      span += Math.abs(t.getValue()) * Math.max(Math.abs((double) v.lower()), Math.abs((double) v.upper()));
    }
    for (var t : c.lhs().quadratic().entrySet()) {
      CqmVariable u = model.variable(QuadraticExpression.first(t.getKey()));
      CqmVariable v = model.variable(QuadraticExpression.second(t.getKey()));
      coefficients[k++] = t.getValue();
      span += Math.abs(t.getValue()) * Math.max(Math.abs((double) u.lower()), Math.abs((double) u.upper()))
          * Math.max(Math.abs((double) v.lower()), Math.abs((double) v.upper()));
    }
    double unit = Constraint.resolution(coefficients, c.rhs());
    if (Double.isNaN(unit)) {
      return BinaryExpansion.MAX_BITS;
    }
    double units = Math.ceil(2 * span / unit);
    return units >= 0x1p62 ? BinaryExpansion.MAX_BITS : Math.min(BinaryExpansion.MAX_BITS, BinaryExpansion.bits((long) units));
  }

  private static double automaticPenalty(double spread, String label, double unit) {
    if (Double.isNaN(unit)) {
      throw new InvalidModelException("constraint " + label + ": coefficients must be decimals of at most "
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

  /** The QUBO to sample: decision bits first, then slack bits, then auxiliaries (quadratic constraints only). */
  public Qubo qubo() {
    return qubo;
  }

  public int numDecisionBits() {
    return decisionBits;
  }

  public int numSlackBits() {
    return slackBits;
  }

  /** Auxiliary bits of the degree-4 reduction (0 without quadratic constraints). */
  public int numAuxiliaryBits() {
    return auxiliaryBits;
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

    /** A quadratic constraint over bits, as ≤ 0 or = 0 of a polynomial with slack for inequalities. */
    BitPolynomial expandQuadratic(CqmConstraint c) {
      double sign = c.sense() == Sense.GE ? -1 : 1;   // lhs ≥ rhs  ⇔  −lhs ≤ −rhs
      Qubo poly = expand(c.lhs().scaled(sign), firstBit.length == 0 ? 0
          : firstBit[firstBit.length - 1] + weights[weights.length - 1].length);
      double constant = poly.offset() - sign * c.rhs();   // the constraint reads poly − offset + constant ≤ 0 (or = 0)
      List<double[]> terms = new ArrayList<>();
      for (int i = 0; i < poly.numVariables(); i++) {
        if (poly.linear(i) != 0) {
          terms.add(new double[] {poly.linear(i), i, -1});
        }
      }
      poly.forEachInteraction((i, j, v) -> terms.add(new double[] {v, i, j}));
      double low = 0;
      double[] coefficients = new double[terms.size()];
      for (int t = 0; t < coefficients.length; t++) {
        coefficients[t] = terms.get(t)[0];
        low += Math.min(0, coefficients[t]);
      }
      double unit = Constraint.resolution(coefficients, constant);
      long[] slack = new long[0];
      if (c.sense() != Sense.EQ) {
        if (low + constant > 1e-9) {
          throw new InvalidModelException("constraint " + c.label() + " can never be satisfied within the bounds");
        }
        if (Double.isNaN(unit)) {
          throw new InvalidModelException("constraint " + c.label() + ": an inequality's coefficients must be decimals of"
              + " at most " + Constraint.MAX_DECIMALS + " places for an exact slack encoding; round them");
        }
        slack = BinaryExpansion.weights(Math.round(-(low + constant) / unit));
      }
      return new BitPolynomial(c.label(), terms, constant, slack, unit, Double.NaN);
    }

    /** A linear constraint over bits, or null when no bit is left and it holds anyway. */
    Constraint expand(CqmConstraint c) {
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
