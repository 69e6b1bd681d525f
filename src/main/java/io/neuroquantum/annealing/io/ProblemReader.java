package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.GraphColoring;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.problems.TravelingSalesman;
import java.io.Reader;
import java.util.Locale;

/**
 * Turns a problem type, a file format and the file's text into an {@link EncodedProblem}: the one
 * place that knows which formats each problem reads (CLI {@code solve}, and later the job API).
 */
public final class ProblemReader {

  /** The file formats, named as on the command line. */
  public enum Format {
    GSET, DIMACS, TSPLIB, COO;

    public static Format parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidModelException("unknown format \"" + name + "\" (expected gset, dimacs, tsplib or coo)");
      }
    }
  }

  /** The problem types, named as on the command line. */
  public enum ProblemType {
    MAXCUT(Format.GSET), COLORING(Format.DIMACS), TSP(Format.TSPLIB), QUBO(Format.COO), ISING(Format.COO);

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
            + "\" (expected maxcut, coloring, tsp, qubo or ising)");
      }
    }
  }

  private ProblemReader() {
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
    Format f = format != null ? format : type.defaultFormat();
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
      case QUBO, ISING -> {
        if (f != Format.COO) {
          throw unsupported(type, f);
        }
        VarType vartype = type == ProblemType.QUBO ? VarType.BINARY : VarType.SPIN;
        yield EncodedProblem.direct(CooFormat.read(text, name, vartype, vartype, size));
      }
    };
  }

  private static InvalidModelException unsupported(ProblemType type, Format format) {
    return new InvalidModelException("a " + type.name().toLowerCase(Locale.ROOT) + " problem cannot be read from "
        + format.name().toLowerCase(Locale.ROOT) + " format");
  }
}
