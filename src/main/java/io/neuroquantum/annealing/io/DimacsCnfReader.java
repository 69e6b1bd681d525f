package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.ModelLimits;
import io.neuroquantum.annealing.problems.Max2Sat;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads DIMACS CNF files (the SAT competitions' and MaxSAT Evaluations' unweighted format) as a
 * max-2-SAT problem: {@code c} comment lines, one problem line {@code p cnf n m}, then m clauses,
 * each a list of non-zero literals ±1..±n ended by {@code 0}; a clause may span lines and a line may
 * hold several clauses. SATLIB's trailing {@code %} line ends the clauses. Each clause counts once,
 * so a clause listed twice weighs 2, as MaxSAT counts it. A clause of three or more literals is
 * refused (the file is MAX-k-SAT, which has no quadratic encoding without auxiliary variables), as
 * are an empty clause, a literal out of range and a clause count that does not match m.
 */
public final class DimacsCnfReader {
  /** Most variables accepted: the default model size limit, checked before anything is allocated. */
  public static final int MAX_VARIABLES = ModelLimits.DEFAULT.maxVariables();

  private DimacsCnfReader() {
  }

  public static Max2Sat read(Reader in, String name) {
    return read(in, name, DeclaredSize.ANY);
  }

  /** As {@link #read(Reader, String)}, telling {@code size} the problem line's n and m before building anything. */
  public static Max2Sat read(Reader in, String name, DeclaredSize size) {
    try (LineSource src = new LineSource(in, name)) {
      int n = -1;
      int m = 0;
      List<int[]> clauses = new ArrayList<>();
      int[] open = new int[2];
      int openLength = 0;
      String line;
      while ((line = src.next()) != null) {
        String[] f = LineSource.fields(line);
        if (f.length == 0 || f[0].equals("c")) {
          continue;
        }
        if (f[0].equals("%")) {
          break;   // SATLIB's end marker; what follows it is not part of the formula
        }
        if (f[0].equals("p")) {
          if (n >= 0) {
            throw src.error("a second problem line");
          }
          if (f.length != 4 || !f[1].equals("cnf")) {
            throw src.error("expected a problem line \"p cnf variables clauses\"");
          }
          n = src.parseIndex(f[2], 1, MAX_VARIABLES, "number of variables");
          m = src.parseIndex(f[3], 0, Integer.MAX_VALUE, "number of clauses");
          size.check(n, m);
          continue;
        }
        if (n < 0) {
          throw src.error("a clause before the problem line \"p cnf variables clauses\"");
        }
        for (String token : f) {
          int literal = src.parseInt(token, "literal");
          if (literal == 0) {
            if (openLength == 0) {
              throw src.error("an empty clause (clause " + (clauses.size() + 1) + "): it can never be satisfied");
            }
            if (clauses.size() == m) {
              throw src.error("more clauses than the " + m + " the problem line declares");
            }
            clauses.add(Arrays.copyOf(open, openLength));
            openLength = 0;
            continue;
          }
          if (Math.abs(literal) > n) {
            throw src.error("literal " + literal + " out of range ±1..±" + n);
          }
          if (openLength == 2) {
            throw src.error("clause " + (clauses.size() + 1) + " has more than 2 literals: max-2-SAT takes clauses "
                + "of 1 or 2 literals (this is a MAX-k-SAT file)");
          }
          open[openLength++] = literal;
        }
      }
      if (n < 0) {
        throw src.fileError("no problem line \"p cnf variables clauses\"");
      }
      if (openLength > 0) {
        throw src.fileError("the last clause is not ended by 0 (truncated?)");
      }
      if (clauses.size() < m) {
        throw src.fileError("the problem line declares " + m + " clauses but the file has " + clauses.size()
            + " (truncated?)");
      }
      return Max2Sat.of(n, clauses.toArray(int[][]::new));
    }
  }
}
