package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.cqm.ConstrainedQuadraticModel;
import io.neuroquantum.annealing.cqm.CqmQubo;
import io.neuroquantum.annealing.cqm.CqmSample;
import io.neuroquantum.annealing.hubo.ReducedHubo;
import io.neuroquantum.annealing.model.CompiledQubo;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * A problem together with the model that encodes it and the way back from a sample to a domain
 * answer. This is what the CLI and the job service solve: they hand {@link #model()} to a solver and
 * {@link #bestAnswer(SampleSet)} the result.
 */
public sealed interface EncodedProblem {

  /** {@code maxcut}, {@code coloring}, {@code tsp}, {@code qubo}, {@code ising}, or a {@link QuboProblem}'s type. */
  String type();

  QuadraticModel model();

  Answer decode(Sample sample);

  /** The model's one-hot groups, when it has them (colouring, TSP): samplers may move within them. */
  default OneHotGroups oneHotGroups() {
    return null;
  }

  /**
   * The problem's objective as a function of a sample's energy alone, where it is one (Max-Cut: the cut
   * is (Σw − E)/2), for displays that see only the best energy so far, such as a progress bar. Empty
   * when the objective needs the sample itself (colouring, TSP) or is the energy (QUBO, Ising).
   */
  default Optional<EnergyObjective> objectiveOfEnergy() {
    return Optional.empty();
  }

  /** An objective named {@code name} (a key of {@link Answer#objective()}) computed from an energy. */
  record EnergyObjective(String name, DoubleUnaryOperator fromEnergy) {
  }

  /**
   * What a listed sample means for the problem, beside its energy ({@code samples} of a report): empty
   * for a problem whose samples are their energy (QUBO, Ising, graphs, whose best answer is decoded in
   * full); a CQM's feasibility, objective and violated constraints, a HUBO's polynomial energy.
   */
  default Map<String, Object> sampleDetail(Sample sample) {
    return Map.of();
  }

  /** The best answer among the samples: feasible ones first, then by score, then by energy. */
  default Answer bestAnswer(SampleSet samples) {
    return samples.samples().stream()
        .map(this::decode)
        .min(Comparator.comparing((Answer a) -> !a.feasible())
            .thenComparingDouble(Answer::score)
            .thenComparingDouble(Answer::energy))
        .orElseThrow(() -> new IllegalStateException("no samples to decode"));
  }

  static <V> EncodedProblem maxCut(MaxCut<V> problem) {
    return new MaxCutEncoding(problem, problem.toIsing());
  }

  static <V> EncodedProblem coloring(GraphColoring<V> problem) {
    return new ColoringEncoding(problem, problem.compile());
  }

  static EncodedProblem tsp(TravelingSalesman problem) {
    return new TspEncoding(problem, problem.compile());
  }

  /** A {@link QuboProblem} (independent set, knapsack, job-shop, …): its model is built once, here. */
  static EncodedProblem of(QuboProblem problem) {
    return new Modelled(problem, problem.model());
  }

  /** A constrained quadratic model solved as its penalty QUBO; the answer is the model's assignment. */
  static EncodedProblem cqm(CqmQubo qubo) {
    return new CqmEncoding(qubo);
  }

  /** A higher-order binary model solved as its quadratic reduction; the answer is its own variables. */
  static EncodedProblem hubo(ReducedHubo reduced) {
    return new HuboEncoding(reduced);
  }

  /** A plain QUBO or Ising model: the answer is the sample and its energy. */
  static EncodedProblem direct(QuadraticModel model) {
    return new Direct(model);
  }

  /** Max-Cut as Ising; the cut is (Σw − E)/2. */
  record MaxCutEncoding(MaxCut<?> problem, Ising model) implements EncodedProblem {
    @Override
    public String type() {
      return "maxcut";
    }

    @Override
    public Optional<EnergyObjective> objectiveOfEnergy() {
      double total = problem.totalWeight();
      return Optional.of(new EnergyObjective("cut", e -> (total - e) / 2));
    }

    @Override
    public Answer decode(Sample sample) {
      MaxCut.Cut cut = problem.decode(sample.values(), model.varType());
      Map<String, Object> objective = new LinkedHashMap<>();
      objective.put("cut", cut.value());
      objective.put("partition", cut.sides());
      return new Answer(sample.energy(), objective, true, sample.toIntArray(), -cut.value());
    }
  }

  /** Colouring in one-hot encoding; feasible means one colour per vertex and no conflicts. */
  record ColoringEncoding(GraphColoring<?> problem, CompiledQubo compiled) implements EncodedProblem {
    @Override
    public OneHotGroups oneHotGroups() {
      return problem.oneHotGroups();
    }
    @Override
    public String type() {
      return "coloring";
    }

    @Override
    public QuadraticModel model() {
      return compiled.qubo();
    }

    @Override
    public Answer decode(Sample sample) {
      GraphColoring.Coloring coloring = problem.decode(sample.values());
      Map<String, Object> objective = new LinkedHashMap<>();
      objective.put("colors_used", coloring.colorsUsed());
      objective.put("conflicts", coloring.conflicts());
      objective.put("repaired", coloring.repaired());
      objective.put("repaired_vertices", coloring.repairedVertices());
      objective.put("coloring", coloring.colors());
      boolean feasible = !coloring.repaired() && coloring.isProper();
      return new Answer(sample.energy(), objective, feasible, sample.toIntArray(),
          coloring.conflicts() * (double) problem.numColors() + coloring.colorsUsed());
    }
  }

  /** TSP in position encoding; feasible means the sample was a permutation matrix. */
  record TspEncoding(TravelingSalesman problem, CompiledQubo compiled) implements EncodedProblem {
    @Override
    public OneHotGroups oneHotGroups() {
      return problem.oneHotGroups();
    }

    @Override
    public String type() {
      return "tsp";
    }

    @Override
    public QuadraticModel model() {
      return compiled.qubo();
    }

    @Override
    public Answer decode(Sample sample) {
      TravelingSalesman.Tour tour = problem.decode(sample.values());
      Map<String, Object> objective = new LinkedHashMap<>();
      objective.put("tour_length", tour.length());
      objective.put("tour", tour.order());
      objective.put("repaired", tour.repaired());
      return new Answer(sample.energy(), objective, !tour.repaired(), sample.toIntArray(), tour.length());
    }
  }

  /** A problem that encodes and decodes itself. */
  record Modelled(QuboProblem problem, QuadraticModel model) implements EncodedProblem {
    @Override
    public String type() {
      return problem.type();
    }

    @Override
    public OneHotGroups oneHotGroups() {
      return problem.oneHotGroups();
    }

    @Override
    public Optional<EnergyObjective> objectiveOfEnergy() {
      return problem.objectiveOfEnergy();
    }

    @Override
    public Answer decode(Sample sample) {
      return problem.decode(sample);
    }
  }

  /**
   * A CQM (read from an LP file, say) as its QUBO ({@link CqmQubo}). The answer's objective holds
   * {@code objective} (in the model's own sense: the value maximised or minimised), {@code variables}
   * (name → value) and {@code constraints} (label → {@code violation}, 0 when satisfied); feasible
   * means every constraint holds. The best answer is the feasible one with the best objective.
   */
  record CqmEncoding(CqmQubo qubo) implements EncodedProblem {
    @Override
    public String type() {
      return "cqm";
    }

    /** {@code feasible}, {@code objective} and {@code violations}: label → amount, for the broken constraints only. */
    @Override
    public Map<String, Object> sampleDetail(Sample sample) {
      CqmSample d = qubo.decode(sample.values());
      Map<String, Object> violated = new LinkedHashMap<>();
      double[] violations = d.violations();
      for (int c = 0; c < violations.length; c++) {
        if (violations[c] != 0) {
          violated.put(qubo.model().constraints().get(c).label(), violations[c]);
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("feasible", d.feasible());
      out.put("objective", d.objective());
      out.put("violations", violated);
      return out;
    }

    @Override
    public QuadraticModel model() {
      return qubo.qubo();
    }

    @Override
    public OneHotGroups oneHotGroups() {
      return qubo.oneHotGroups();
    }

    @Override
    public Answer decode(Sample sample) {
      CqmSample d = qubo.decode(sample.values());
      ConstrainedQuadraticModel m = qubo.model();
      Map<String, Object> objective = new LinkedHashMap<>();
      objective.put("objective", d.objective());
      objective.put("sense", m.goal().name().toLowerCase(java.util.Locale.ROOT));
      objective.put("variables", m.byName(d.values()));
      Map<String, Object> constraints = new LinkedHashMap<>();
      double[] violations = d.violations();
      for (int c = 0; c < violations.length; c++) {
        constraints.put(m.constraints().get(c).label(), Map.of("violation", violations[c], "satisfied", violations[c] == 0));
      }
      objective.put("constraints", constraints);
      objective.put("violated_constraints", d.numViolated());
      double score = m.goal() == ConstrainedQuadraticModel.Goal.MAXIMIZE ? -d.objective() : d.objective();
      return new Answer(sample.energy(), objective, d.feasible(), sample.toIntArray(), score);
    }
  }

  /**
   * A HUBO as its quadratic reduction ({@link ReducedHubo}): the solution is the HUBO's own variables
   * (auxiliaries dropped), the objective its energy {@code hubo_energy} and {@code auxiliaries}
   * (how many the reduction added); feasible means every auxiliary equals its product, so the QUBO
   * energy is the HUBO's.
   */
  record HuboEncoding(ReducedHubo reduced) implements EncodedProblem {
    @Override
    public String type() {
      return "hubo";
    }

    @Override
    public QuadraticModel model() {
      return reduced.qubo();
    }

    /** {@code hubo_energy}: the polynomial's own energy at the sample's variables; {@code feasible}: auxiliaries consistent. */
    @Override
    public Map<String, Object> sampleDetail(Sample sample) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("feasible", reduced.isConsistent(sample.values()));
      out.put("hubo_energy", reduced.source().energy(reduced.original(sample.values())));
      return out;
    }

    @Override
    public Answer decode(Sample sample) {
      byte[] bits = sample.values();
      byte[] x = reduced.original(bits);
      double energy = reduced.source().energy(x);
      Map<String, Object> objective = new LinkedHashMap<>();
      objective.put("hubo_energy", energy);
      objective.put("auxiliaries", reduced.numAuxiliary());
      int[] solution = new int[x.length];
      for (int i = 0; i < x.length; i++) {
        solution[i] = x[i];
      }
      return new Answer(sample.energy(), objective, reduced.isConsistent(bits), solution, energy);
    }
  }

  /** A QUBO or Ising model solved as it is. */
  record Direct(QuadraticModel model) implements EncodedProblem {
    @Override
    public String type() {
      return model.varType() == io.neuroquantum.annealing.model.VarType.SPIN ? "ising" : "qubo";
    }

    @Override
    public Answer decode(Sample sample) {
      return new Answer(sample.energy(), Map.of(), true, sample.toIntArray(), sample.energy());
    }
  }
}
