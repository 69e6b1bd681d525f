package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.ModelLimits;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.GraphColoring;
import io.neuroquantum.annealing.problems.IndependentSet;
import io.neuroquantum.annealing.problems.MaxClique;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.problems.OrLibraryBqp;
import io.neuroquantum.annealing.problems.TravelingSalesman;
import io.neuroquantum.annealing.problems.VertexCover;
import io.neuroquantum.annealing.problems.JobShop;
import io.neuroquantum.annealing.problems.NumberPartitioning;
import io.neuroquantum.annealing.problems.Portfolio;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jgrapht.Graph;
import org.jgrapht.generate.ComplementGraphGenerator;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * Turns a problem type, a file format and the file's text into an {@link EncodedProblem}: the one
 * place that knows which formats each problem reads (CLI {@code solve}, and later the job API).
 */
public final class ProblemReader {

  /** The file formats, named as on the command line. */
  public enum Format {
    GSET, DIMACS, TSPLIB, COO, BQP, DIMOD, CNF, NUMBERS, KNAPSACK, BURKARDT, JOBSHOP, PORTFOLIO;

    public static Format parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidModelException("unknown format \"" + name
            + "\" (expected gset, dimacs, tsplib, coo, bqp, dimod, cnf, numbers, knapsack, burkardt, jobshop or portfolio)");
      }
    }
  }

  /** The problem types, named as on the command line. */
  public enum ProblemType {
    MAXCUT(Format.GSET), COLORING(Format.DIMACS), TSP(Format.TSPLIB), QUBO(Format.COO), ISING(Format.COO),
    INDEPENDENT_SET(Format.DIMACS), VERTEX_COVER(Format.DIMACS), CLIQUE(Format.DIMACS),
    MAX2SAT(Format.CNF), NUMBER_PARTITIONING(Format.NUMBERS), KNAPSACK(Format.KNAPSACK), JOBSHOP(Format.JOBSHOP),
    PORTFOLIO(Format.PORTFOLIO);

    /** The names, as listed in refusals. */
    public static final String NAMES = "maxcut, coloring, tsp, qubo, ising, independent_set, vertex_cover, clique, "
        + "max2sat, number_partitioning, knapsack, jobshop, portfolio, cqm or hubo";

    private final Format defaultFormat;

    ProblemType(Format defaultFormat) {
      this.defaultFormat = defaultFormat;
    }

    public Format defaultFormat() {
      return defaultFormat;
    }

    public static ProblemType parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidModelException("unknown problem \"" + name
            + "\" (expected " + NAMES + ")");
      }
    }

    /** Max-2-SAT, number partitioning, knapsack, job-shop and portfolio: problems with no graph or colours. */
    public boolean numbered() {
      return this == MAX2SAT || this == NUMBER_PARTITIONING || this == KNAPSACK || this == JOBSHOP || this == PORTFOLIO;
    }

    /** Independent set, vertex cover and clique: unweighted graph problems that may read a file's complement. */
    public boolean selectsVertices() {
      return this == INDEPENDENT_SET || this == VERTEX_COVER || this == CLIQUE;
    }
  }

  /**
   * What a file alone does not say: the parameters a problem takes besides its file, named on the
   * command line ({@code --colors}) or in a job ({@code colors}). Null (false) when not given; each is
   * refused by the problems it does not apply to.
   *
   * @param colors colours, for colouring
   * @param instance 1-based instance of an OR-Library bqp file
   * @param complement solve a vertex-selection problem on the complement graph
   * @param instanceName the named instance of OR-Library's multi-instance job-shop file ({@code ft06})
   * @param horizon job-shop: the latest end of any operation, in time steps
   * @param assets portfolio: how many assets to hold (the budget k)
   * @param riskAversion portfolio: q in q·xᵀΣx − μᵀx
   * @param feasibilityOnly job-shop: the feasibility form (energy 0 is any schedule ending by the
   *     horizon) instead of the makespan form, see {@link JobShop}
   */
  public record Options(Integer colors, Integer instance, boolean complement, String instanceName, Integer horizon,
      Integer assets, Double riskAversion, boolean feasibilityOnly) {
    public static final Options NONE = new Options(null, null, false, null, null, null, null, false);

    public static Options of(Integer colors, Integer instance, boolean complement) {
      return new Options(colors, instance, complement, null, null, null, null, false);
    }
  }

  /** OR-Library's file names (bqp50.txt … bqp2500.txt): a QUBO file named so is read as {@link Format#BQP}. */
  private static final Pattern ORLIB_BQP_NAME =
      Pattern.compile("bqp\\d+(\\.txt)?", Pattern.CASE_INSENSITIVE);

  private ProblemReader() {
  }

  /**
   * The format a file is read in when none is named: the problem's usual one, except that a QUBO file
   * named like OR-Library's ({@code bqp250.txt}) is an OR-Library bqp file.
   */
  public static Format formatFor(ProblemType type, String fileName) {
    if (type == ProblemType.QUBO && fileName != null && ORLIB_BQP_NAME.matcher(fileName).matches()) {
      return Format.BQP;
    }
    if (type == ProblemType.KNAPSACK && BurkardtKnapsackReader.isSetFile(fileName)) {
      return Format.BURKARDT;
    }
    return type.defaultFormat();
  }

  /**
   * Reads a problem from a file: as {@link #read(ProblemType, Format, Reader, String, Integer, Integer, boolean,
   * DeclaredSize)}, except that a Burkardt knapsack ({@code p01_c.txt}) is read with its sibling files.
   */
  public static EncodedProblem read(ProblemType type, Format format, Path file, Options options, DeclaredSize size)
      throws IOException {
    String name = file.getFileName().toString();
    Format f = format != null ? format : formatFor(type, name);
    if (f == Format.BURKARDT) {
      if (type != ProblemType.KNAPSACK) {
        throw unsupported(type, f);
      }
      checkApplies(type, f, options);
      return EncodedProblem.of(BurkardtKnapsackReader.readSet(file, size));
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(type, f, reader, name, options, size);
    }
  }

  /**
   * @param format null for the problem's usual format
   * @param colors number of colours, required for colouring and ignored otherwise
   */
  public static EncodedProblem read(ProblemType type, Format format, Reader text, String name, Integer colors) {
    return read(type, format, text, name, colors, DeclaredSize.ANY);
  }

  /**
   * As above, telling {@code size} what the file declares (vertices, cities or variables, and edges or
   * terms) before anything is built from it.
   */
  public static EncodedProblem read(ProblemType type, Format format, Reader text, String name, Integer colors,
      DeclaredSize size) {
    return read(type, format, text, name, colors, null, size);
  }

  /**
   * As above, for a file that holds several instances (OR-Library bqp): {@code instance} picks one,
   * 1-based, and is required for such a file; other formats refuse it.
   */
  public static EncodedProblem read(ProblemType type, Format format, Reader text, String name, Integer colors,
      Integer instance, DeclaredSize size) {
    return read(type, format, text, name, colors, instance, false, size);
  }

  /**
   * As above; {@code complement} reads the complement of the file's graph, for independent set, vertex
   * cover and clique only: the DIMACS clique graphs are the usual vertex cover and independent set
   * benchmarks through their complements (Cai et al., NuMVC, 2013).
   */
  public static EncodedProblem read(ProblemType type, Format format, Reader text, String name, Integer colors,
      Integer instance, boolean complement, DeclaredSize size) {
    return read(type, format, text, name, Options.of(colors, instance, complement), size);
  }

  /** As above, with every parameter a problem may take besides its file. */
  public static EncodedProblem read(ProblemType type, Format format, Reader text, String name, Options options,
      DeclaredSize size) {
    Format f = format != null ? format : formatFor(type, name);
    checkApplies(type, f, options);
    Integer colors = options.colors();
    Integer instance = options.instance();
    boolean complement = options.complement();
    return switch (type) {
      case MAXCUT -> switch (f) {
        case GSET -> EncodedProblem.maxCut(MaxCut.of(GsetReader.read(text, name, size)));
        case DIMACS -> EncodedProblem.maxCut(MaxCut.of(DimacsColReader.read(text, name, size)));
        default -> throw unsupported(type, f);
      };
      case COLORING -> {
        if (colors == null) {
          throw new InvalidModelException("colouring needs the number of colours (--colors K)");
        }
        yield switch (f) {
          case DIMACS -> EncodedProblem.coloring(GraphColoring.of(DimacsColReader.read(text, name, size), colors));
          case GSET -> EncodedProblem.coloring(GraphColoring.of(GsetReader.read(text, name, size), colors));
          default -> throw unsupported(type, f);
        };
      }
      case TSP -> {
        if (f != Format.TSPLIB) {
          throw unsupported(type, f);
        }
        yield EncodedProblem.tsp(TravelingSalesman.of(TsplibReader.read(text, name, size).distances()));
      }
      case INDEPENDENT_SET, VERTEX_COVER, CLIQUE -> {
        if (f != Format.DIMACS) {
          throw unsupported(type, f);
        }
        boolean complemented = complement || type == ProblemType.CLIQUE;   // clique = independent set of the complement
        Graph<Integer, DefaultEdge> graph = DimacsColReader.read(text, name, (n, m) -> {
          if (complemented) {
            checkComplementFits(n, (long) n * (n - 1) / 2 - m);
          }
          size.check(n, m);
        });
        yield selection(type, complement ? complementOf(graph) : graph);
      }
      case MAX2SAT -> {
        if (f != Format.CNF) {
          throw unsupported(type, f);
        }
        yield EncodedProblem.of(DimacsCnfReader.read(text, name, size));
      }
      case NUMBER_PARTITIONING -> {
        if (f != Format.NUMBERS) {
          throw unsupported(type, f);
        }
        yield EncodedProblem.of(NumberPartitioning.of(NumberListReader.read(text, name, size)));
      }
      case JOBSHOP -> {
        if (f != Format.JOBSHOP) {
          throw unsupported(type, f);
        }
        yield jobShop(OrLibraryJobShopReader.read(text, name, options.instanceName(), size), options.horizon(),
            options.feasibilityOnly(), size);
      }
      case PORTFOLIO -> {
        if (f != Format.PORTFOLIO) {
          throw unsupported(type, f);
        }
        OrLibraryPortfolioReader.Assets assets = OrLibraryPortfolioReader.read(text, name, size);
        yield portfolio(assets.meanReturns(), assets.covariance(), options);
      }
      case KNAPSACK -> switch (f) {
        case KNAPSACK -> EncodedProblem.of(KnapsackTextReader.read(text, name, size));
        case BURKARDT -> throw new InvalidModelException("a Burkardt knapsack is three files (pNN_c.txt, _w.txt, "
            + "_p.txt): give the path of its _c.txt file to solve, or the items in knapsack format");
        default -> throw unsupported(type, f);
      };
      case QUBO, ISING -> {
        if (f == Format.BQP && type == ProblemType.QUBO) {
          if (instance == null) {
            throw new InvalidModelException("an OR-Library bqp file holds several instances: pick one with --instance K"
                + " (1-based)");
          }
          yield EncodedProblem.of(new OrLibraryBqp(OrLibraryBqpReader.read(text, name, instance, size)));
        }
        VarType vartype = type == ProblemType.QUBO ? VarType.BINARY : VarType.SPIN;
        if (f == Format.DIMOD) {
          yield EncodedProblem.direct(DimodJson.readModel(text, name, vartype, size).model());
        }
        if (f != Format.COO) {
          throw unsupported(type, f);
        }
        yield EncodedProblem.direct(CooFormat.read(text, name, vartype, vartype, size));
      }
    };
  }

  /**
   * A job-shop over {@code horizon}: its size (variables, an upper bound on its terms) is told to
   * {@code size} from the start windows, before the model is built.
   */
  public static EncodedProblem jobShop(java.util.List<java.util.List<JobShop.Operation>> jobs, int horizon,
      boolean feasibilityOnly, DeclaredSize size) {
    long variables = JobShop.variablesAtMost(jobs, horizon);
    size.check((int) Math.min(Integer.MAX_VALUE, variables), 0);
    JobShop problem = JobShop.of(jobs, horizon, feasibilityOnly);
    size.check(problem.numVariables(), problem.quadraticTermsAtMost());
    return EncodedProblem.of(problem);
  }

  /** A portfolio of {@code options.assets()} assets with risk aversion {@code options.riskAversion()}. */
  public static EncodedProblem portfolio(double[] returns, double[][] covariance, Options options) {
    return EncodedProblem.of(Portfolio.of(returns, covariance, options.assets(), options.riskAversion()));
  }

  /** Refuses the options that do not apply to {@code type} in format {@code f}, rather than ignore them. */
  private static void checkApplies(ProblemType type, Format f, Options o) {
    Integer colors = o.colors();
    Integer instance = o.instance();
    boolean complement = o.complement();
    String lower = type.name().toLowerCase(Locale.ROOT);
    if (type != ProblemType.JOBSHOP && (o.instanceName() != null || o.horizon() != null || o.feasibilityOnly())) {
      throw new InvalidModelException((o.horizon() != null ? "--horizon" : o.feasibilityOnly() ? "--feasibility-only"
          : "--instance-name") + " applies to jobshop, not to " + lower);
    }
    if (type != ProblemType.PORTFOLIO && (o.assets() != null || o.riskAversion() != null)) {
      throw new InvalidModelException((o.assets() != null ? "--assets" : "--risk-aversion") + " applies to portfolio, not to "
          + lower);
    }
    if (type == ProblemType.JOBSHOP && o.horizon() == null) {
      throw new InvalidModelException("a job-shop needs a horizon (--horizon T): the latest time step any operation may end");
    }
    if (type == ProblemType.JOBSHOP && f == Format.JOBSHOP && o.instanceName() == null) {
      throw new InvalidModelException("OR-Library's job-shop file holds many instances: name one with --instance-name "
          + "(ft06, la01, …)");
    }
    if (type == ProblemType.PORTFOLIO && (o.assets() == null || o.riskAversion() == null)) {
      throw new InvalidModelException("a portfolio needs the number of assets to hold (--assets K) and the risk aversion"
          + " (--risk-aversion Q)");
    }
    if (complement && !type.selectsVertices()) {
      throw new InvalidModelException("--complement applies to independent_set, vertex_cover and clique, not to "
          + type.name().toLowerCase(Locale.ROOT));
    }
    if (instance != null && f != Format.BQP) {
      throw new InvalidModelException("--instance picks one instance of a multi-instance file (format bqp); "
          + f.name().toLowerCase(Locale.ROOT) + " files hold one problem");
    }
    if (colors != null && type.numbered()) {
      throw new InvalidModelException("--colors applies to coloring, not to " + type.name().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * The vertex-selection problem of {@code type} on {@code graph} (weights, if any, are not read): the one
   * place that maps these problem names to their encodings, for files and the job API alike.
   */
  public static EncodedProblem selection(ProblemType type, Graph<Integer, ?> graph) {
    return switch (type) {
      case INDEPENDENT_SET -> EncodedProblem.of(IndependentSet.of(graph));
      case VERTEX_COVER -> EncodedProblem.of(VertexCover.of(graph));
      case CLIQUE -> EncodedProblem.of(MaxClique.of(graph));
      default -> throw new IllegalArgumentException(type + " does not select vertices");
    };
  }

  private static Graph<Integer, DefaultEdge> complementOf(Graph<Integer, DefaultEdge> graph) {
    Graph<Integer, DefaultEdge> complement = new SimpleGraph<>(DefaultEdge.class);
    new ComplementGraphGenerator<>(graph).generateGraph(complement);
    return complement;
  }

  /**
   * A complement (clique, or {@code --complement}) has an edge per non-adjacent pair: n(n−1)/2 − m of
   * them, which a sparse file of a few bytes per edge can make quadratic in n. Refused from the header,
   * before any graph is built, when over the default model size.
   */
  private static void checkComplementFits(int n, long complementEdges) {
    long max = ModelLimits.DEFAULT.maxInteractions();
    if (complementEdges > max) {
      throw new InvalidModelException("the complement of a graph of " + n + " vertices has " + complementEdges
          + " edges, more than the " + max + " interactions a model may have");
    }
  }

  private static InvalidModelException unsupported(ProblemType type, Format format) {
    return new InvalidModelException("a " + type.name().toLowerCase(Locale.ROOT) + " problem cannot be read from "
        + format.name().toLowerCase(Locale.ROOT) + " format");
  }
}
