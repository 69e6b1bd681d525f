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
import java.io.Reader;
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
    GSET, DIMACS, TSPLIB, COO, BQP, DIMOD;

    public static Format parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidModelException("unknown format \"" + name
            + "\" (expected gset, dimacs, tsplib, coo, bqp or dimod)");
      }
    }
  }

  /** The problem types, named as on the command line. */
  public enum ProblemType {
    MAXCUT(Format.GSET), COLORING(Format.DIMACS), TSP(Format.TSPLIB), QUBO(Format.COO), ISING(Format.COO),
    INDEPENDENT_SET(Format.DIMACS), VERTEX_COVER(Format.DIMACS), CLIQUE(Format.DIMACS);

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
            + "\" (expected maxcut, coloring, tsp, qubo, ising, independent_set, vertex_cover, clique, cqm or hubo)");
      }
    }

    /** Independent set, vertex cover and clique: unweighted graph problems that may read a file's complement. */
    public boolean selectsVertices() {
      return this == INDEPENDENT_SET || this == VERTEX_COVER || this == CLIQUE;
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
    return type.defaultFormat();
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
    Format f = format != null ? format : formatFor(type, name);
    if (complement && !type.selectsVertices()) {
      throw new InvalidModelException("--complement applies to independent_set, vertex_cover and clique, not to "
          + type.name().toLowerCase(Locale.ROOT));
    }
    if (instance != null && f != Format.BQP) {
      throw new InvalidModelException("--instance picks one instance of a multi-instance file (format bqp); "
          + f.name().toLowerCase(Locale.ROOT) + " files hold one problem");
    }
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
