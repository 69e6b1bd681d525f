package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.GraphColoring;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.problems.OrLibraryBqp;
import io.neuroquantum.annealing.problems.TravelingSalesman;
import java.io.Reader;
import java.util.Locale;
import java.util.regex.Pattern;

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
            + "\" (expected maxcut, coloring, tsp, qubo, ising, cqm or hubo)");
      }
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
    Format f = format != null ? format : formatFor(type, name);
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

  private static InvalidModelException unsupported(ProblemType type, Format format) {
    return new InvalidModelException("a " + type.name().toLowerCase(Locale.ROOT) + " problem cannot be read from "
        + format.name().toLowerCase(Locale.ROOT) + " format");
  }
}
