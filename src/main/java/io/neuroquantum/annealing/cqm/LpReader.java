package io.neuroquantum.annealing.cqm;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.ModelLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a constrained quadratic model from the CPLEX LP format, the subset a QUBO can hold:
 *
 * <pre>
 * \ comment
 * Maximize                                  (or Minimize; Max, Min, Maximise, Minimise)
 *  obj: 3 x + 2 y + [ 4 x ^ 2 + 2 x * y ] / 2 + 1
 * Subject To                                (or Such That, st, s.t.)
 *  cap: 2 x + 1.5 y <= 7
 *  pair: x + y + [ x * y ] >= 1
 * Bounds
 *  0 <= y <= 5                              (also y <= 5, y >= -2, -2 <= y, y = 3)
 * General                                   (or Generals, Gen: bounded integers)
 *  y
 * Binary                                    (or Binaries, Bin)
 *  x
 * End
 * </pre>
 *
 * Quadratic terms sit in brackets; in the objective the bracket is followed by {@code / 2} (CPLEX's
 * convention: the bracket holds twice the terms), in constraints it is not. Every variable must be
 * Binary, or General with a finite upper bound (lower bound 0 unless given): continuous or unbounded
 * variables are refused by name, as are ranged constraints, semi-continuous and SOS sections. Errors
 * name the line.
 */
public final class LpReader {

  /** Larger files are refused before they are read. */
  public static final long MAX_BYTES = 64L << 20;

  private final ModelLimits limits;

  public LpReader(ModelLimits limits) {
    this.limits = limits;
  }

  public LpReader() {
    this(ModelLimits.DEFAULT);
  }

  public ConstrainedQuadraticModel read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new InvalidModelException(file + " has " + size + " bytes, over the LP reader's limit of " + MAX_BYTES);
    }
    return parse(Files.readString(file));
  }

  public ConstrainedQuadraticModel parse(String text) {
    return new Parse(text, limits).model();
  }

  private enum Section {
    NONE, OBJECTIVE, CONSTRAINTS, BOUNDS, GENERAL, BINARY, END
  }

  private static final Map<String, Section> KEYWORDS = new LinkedHashMap<>();

  static {
    for (String k : List.of("minimize", "minimise", "minimum", "min", "maximize", "maximise", "maximum", "max")) {
      KEYWORDS.put(k, Section.OBJECTIVE);
    }
    for (String k : List.of("subject to", "such that", "st", "s.t.")) {
      KEYWORDS.put(k, Section.CONSTRAINTS);
    }
    KEYWORDS.put("bounds", Section.BOUNDS);
    KEYWORDS.put("bound", Section.BOUNDS);
    for (String k : List.of("generals", "general", "gen", "integers", "integer")) {
      KEYWORDS.put(k, Section.GENERAL);
    }
    for (String k : List.of("binaries", "binary", "bin")) {
      KEYWORDS.put(k, Section.BINARY);
    }
    KEYWORDS.put("end", Section.END);
  }

  private static final Set<String> REFUSED = Set.of("semi-continuous", "semis", "semi", "sos");

  /** One token with the line it came from. */
  private record Token(String text, int line) {
    boolean is(String s) {
      return text.equals(s);
    }

    boolean isNumber() {
      char c = text.charAt(0);
      return Character.isDigit(c) || c == '.';
    }

    boolean isName() {
      return !isNumber() && !isOperator();
    }

    boolean isOperator() {
      return "+-*^[]/:<=>".indexOf(text.charAt(0)) >= 0;
    }

    boolean isRelation() {
      return text.equals("<=") || text.equals(">=") || text.equals("=");
    }
  }

  /** The state of one parse: sections split into tokens, then read one by one. */
  private static final class Parse {
    private final ModelLimits limits;
    private final Map<Section, List<Token>> sections = new HashMap<>();
    private final Map<String, int[]> firstUse = new LinkedHashMap<>();   // name → line, in order of appearance
    private final List<String> order = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private boolean maximize;

    Parse(String text, ModelLimits limits) {
      this.limits = limits;
      split(text);
    }

    private void split(String text) {
      Section current = Section.NONE;
      String[] lines = text.split("\r?\n", -1);
      for (int ln = 0; ln < lines.length; ln++) {
        String line = lines[ln];
        int comment = line.indexOf('\\');
        if (comment >= 0) {
          line = line.substring(0, comment);
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        Section next = null;
        String rest = trimmed;
        for (Map.Entry<String, Section> k : KEYWORDS.entrySet()) {
          String key = k.getKey();
          if (lower.equals(key) || lower.startsWith(key + " ") || lower.startsWith(key + "\t")) {
            next = k.getValue();
            rest = trimmed.substring(key.length());
            if (next == Section.OBJECTIVE) {
              maximize = key.startsWith("max");
            }
            break;
          }
        }
        String firstWord = lower.split("\\s+")[0];
        if (next == null && REFUSED.contains(firstWord) && current != Section.CONSTRAINTS) {
          throw error(ln + 1, "section '" + trimmed + "' is not supported (binary and bounded integer variables only)");
        }
        if (next != null) {
          if (sections.containsKey(next) || next.ordinal() < current.ordinal()) {
            throw error(ln + 1, "section '" + trimmed + "' is repeated or out of order");
          }
          current = next;
          sections.put(current, new ArrayList<>());
        }
        if (current == Section.NONE) {
          throw error(ln + 1, "expected Minimize or Maximize before '" + trimmed + "'");
        }
        if (current == Section.END) {
          if (!rest.isBlank()) {
            throw error(ln + 1, "text after End");
          }
          continue;
        }
        tokenize(rest, ln + 1, sections.get(current));
      }
      if (!sections.containsKey(Section.OBJECTIVE)) {
        throw new InvalidModelException("LP: no Minimize or Maximize section");
      }
    }

    private void tokenize(String s, int line, List<Token> out) {
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '<' || c == '>' || c == '=') {
          int j = i + 1;
          if (j < s.length() && "<>=".indexOf(s.charAt(j)) >= 0) {
            j++;
          }
          String op = s.substring(i, j);
          String normal = switch (op) {
            case "<", "<=", "=<" -> "<=";
            case ">", ">=", "=>" -> ">=";
            case "=", "==" -> "=";
            default -> throw error(line, "unknown relation '" + op + "'");
          };
          out.add(new Token(normal, line));
          i = j;
        } else if ("+-*^[]/:".indexOf(c) >= 0) {
          out.add(new Token(String.valueOf(c), line));
          i++;
        } else if (Character.isDigit(c) || c == '.') {
          int j = i;
          while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
            j++;
          }
          if (j < s.length() && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
              k++;
            }
            if (k < s.length() && Character.isDigit(s.charAt(k))) {
              j = k;
              while (j < s.length() && Character.isDigit(s.charAt(j))) {
                j++;
              }
            }
          }
          out.add(new Token(s.substring(i, j), line));
          i = j;
        } else {
          int j = i;
          while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "+-*^[]/:<>=".indexOf(s.charAt(j)) < 0) {
            j++;
          }
          out.add(new Token(s.substring(i, j), line));
          i = j;
        }
      }
    }

    /** Reads tokens[pos…] as one expression up to a relation or the end; returns the position after it. */
    private int expression(List<Token> t, int pos, QuadraticExpression.Builder into, boolean objective) {
      int start = pos;
      while (pos < t.size() && !t.get(pos).isRelation()) {
        int signs = signsFrom(t, pos);
        double sign = sign(t, pos, signs);
        boolean sawSign = signs > 0;
        pos += signs;
        if (pos >= t.size() || t.get(pos).isRelation()) {
          if (sawSign) {
            throw error(t.get(pos - 1).line(), "a sign with no term after it");
          }
          break;
        }
        if (pos > start && !sawSign) {
          throw error(t.get(pos).line(), "expected + or - before '" + t.get(pos).text() + "'");
        }
        Token tok = t.get(pos);
        if (tok.is("[")) {
          pos = bracket(t, pos + 1, into, sign, objective);
        } else {
          double coefficient = sign;
          if (tok.isNumber()) {
            coefficient *= number(tok);
            pos++;
            if (pos >= t.size() || !t.get(pos).isName()) {
              into.addConstant(coefficient);
              continue;
            }
            tok = t.get(pos);
          }
          if (!tok.isName()) {
            throw error(tok.line(), "expected a variable, got '" + tok.text() + "'");
          }
          pos++;
          if (pos < t.size() && (t.get(pos).is("*") || t.get(pos).is("^"))) {
            throw error(tok.line(), "quadratic terms go in [ ]");
          }
          into.addLinear(use(tok), coefficient);
          count();
        }
      }
      return pos;
    }

    /** How many + and − tokens stand from pos on. */
    private static int signsFrom(List<Token> t, int pos) {
      int k = pos;
      while (k < t.size() && (t.get(k).is("+") || t.get(k).is("-"))) {
        k++;
      }
      return k - pos;
    }

    /** The product of the {@code count} signs from pos on: +1 or −1. */
    private static double sign(List<Token> t, int pos, int count) {
      double sign = 1;
      for (int k = pos; k < pos + count; k++) {
        sign *= t.get(k).is("-") ? -1 : 1;
      }
      return sign;
    }

    /** Reads a bracket's quadratic terms after '[' up to ']' (and '/ 2' in the objective). */
    private int bracket(List<Token> t, int pos, QuadraticExpression.Builder into, double outerSign, boolean objective) {
      int line = t.get(pos - 1).line();
      List<double[]> terms = new ArrayList<>();   // coefficient, i, j
      boolean first = true;
      while (true) {
        if (pos >= t.size()) {
          throw error(line, "'[' without ']'");
        }
        if (t.get(pos).is("]")) {
          pos++;
          break;
        }
        int signs = signsFrom(t, pos);
        double sign = sign(t, pos, signs);
        boolean sawSign = signs > 0;
        pos += signs;
        if (!first && !sawSign) {
          throw error(t.get(Math.min(pos, t.size() - 1)).line(), "expected + or - between quadratic terms");
        }
        first = false;
        double coefficient = sign;
        if (pos < t.size() && t.get(pos).isNumber()) {
          coefficient *= number(t.get(pos));
          pos++;
        }
        Token x = expectName(t, pos, line);
        pos++;
        if (pos < t.size() && t.get(pos).is("^")) {
          if (pos + 1 >= t.size() || !t.get(pos + 1).is("2")) {
            throw error(x.line(), "only squares (^ 2) are allowed in [ ]");
          }
          terms.add(new double[] {coefficient, use(x), use(x)});
          pos += 2;
        } else if (pos < t.size() && t.get(pos).is("*")) {
          Token y = expectName(t, pos + 1, line);
          terms.add(new double[] {coefficient, use(x), use(y)});
          pos += 2;
        } else {
          throw error(x.line(), "a term in [ ] needs '*' or '^ 2' after " + x.text());
        }
        count();
      }
      double divisor = 1;
      if (pos < t.size() && t.get(pos).is("/")) {
        if (pos + 1 >= t.size() || !t.get(pos + 1).isNumber()) {
          throw error(line, "expected a number after '/'");
        }
        divisor = number(t.get(pos + 1));
        pos += 2;
        if (divisor != 2) {
          throw error(line, "a quadratic bracket is divided by 2 or not at all, got / " + t.get(pos - 1).text());
        }
      }
      if (objective && divisor != 2) {
        throw error(line, "the objective's quadratic bracket must be followed by / 2 (CPLEX LP convention)");
      }
      if (!objective && divisor != 1) {
        throw error(line, "a constraint's quadratic bracket takes no / 2");
      }
      for (double[] term : terms) {
        into.addQuadratic((int) term[1], (int) term[2], outerSign * term[0] / divisor);
      }
      return pos;
    }

    private Token expectName(List<Token> t, int pos, int line) {
      if (pos >= t.size() || !t.get(pos).isName()) {
        throw error(pos < t.size() ? t.get(pos).line() : line, "expected a variable name in [ ]");
      }
      return t.get(pos);
    }

    private int use(Token name) {
      Integer i = index.get(name.text());
      if (i == null) {
        if (order.size() >= limits.maxVariables()) {
          throw error(name.line(), "more than " + limits.maxVariables() + " variables, the limit");
        }
        i = order.size();
        index.put(name.text(), i);
        order.add(name.text());
        firstUse.put(name.text(), new int[] {name.line()});
      }
      return i;
    }

    private long terms;

    private void count() {
      if (++terms > limits.maxInteractions()) {
        throw new InvalidModelException("LP: more than " + limits.maxInteractions() + " terms, the limit");
      }
    }

    private static double number(Token t) {
      try {
        double v = Double.parseDouble(t.text());
        if (!Double.isFinite(v)) {
          throw error(t.line(), "number out of range: " + t.text());
        }
        return v;
      } catch (NumberFormatException e) {
        throw error(t.line(), "not a number: " + t.text());
      }
    }

    ConstrainedQuadraticModel model() {
      // objective: an optional "label:" then an expression
      List<Token> obj = sections.get(Section.OBJECTIVE);
      int pos = skipLabel(obj, 0);
      QuadraticExpression.Builder objective = QuadraticExpression.builder();
      pos = expression(obj, pos, objective, true);
      if (pos < obj.size()) {
        throw error(obj.get(pos).line(), "a relation in the objective");
      }

      List<String> labels = new ArrayList<>();
      List<QuadraticExpression> lhs = new ArrayList<>();
      List<Sense> senses = new ArrayList<>();
      List<Double> rhs = new ArrayList<>();
      List<Token> st = sections.getOrDefault(Section.CONSTRAINTS, List.of());
      pos = 0;
      while (pos < st.size()) {
        int line = st.get(pos).line();
        String label = null;
        if (pos + 1 < st.size() && st.get(pos).isName() && st.get(pos + 1).is(":")) {
          label = st.get(pos).text();
          pos += 2;
        }
        QuadraticExpression.Builder e = QuadraticExpression.builder();
        pos = expression(st, pos, e, false);
        if (pos >= st.size()) {
          throw error(line, "constraint " + (label == null ? "" : label + " ") + "has no relation (<=, >=, =)");
        }
        Sense sense = switch (st.get(pos).text()) {
          case "<=" -> Sense.LE;
          case ">=" -> Sense.GE;
          default -> Sense.EQ;
        };
        pos++;
        int signs = signsFrom(st, pos);
        double sign = sign(st, pos, signs);
        pos += signs;
        if (pos >= st.size() || !st.get(pos).isNumber()) {
          throw error(line, "a constraint's right-hand side must be a number");
        }
        double value = sign * number(st.get(pos));
        pos++;
        if (pos < st.size() && st.get(pos).isRelation()) {
          throw error(line, "ranged constraints are not supported; write two constraints");
        }
        labels.add(label == null ? "c" + (labels.size() + 1) : label);
        lhs.add(e.build());
        senses.add(sense);
        rhs.add(value);
      }

      Map<String, long[]> bounds = bounds();
      Set<String> general = names(Section.GENERAL);
      Set<String> binary = names(Section.BINARY);
      for (String b : binary) {
        if (general.contains(b)) {
          throw new InvalidModelException("LP: variable " + b + " is both General and Binary");
        }
      }
      ConstrainedQuadraticModel.Builder m = ConstrainedQuadraticModel.builder(limits);
      for (String name : order) {
        long[] bound = bounds.get(name);
        if (binary.contains(name)) {
          if (bound != null && (bound[0] != 0 || bound[1] != 1)) {
            throw new InvalidModelException("LP: binary variable " + name + " has bounds [" + bound[0] + ", " + bound[1] + "]");
          }
          m.addBinary(name);
        } else if (general.contains(name)) {
          long low = bound == null ? 0 : bound[0];
          long high = bound == null ? Long.MAX_VALUE : bound[1];
          if (low == Long.MIN_VALUE || high == Long.MAX_VALUE) {
            throw new InvalidModelException("LP: integer variable " + name + " needs finite bounds (a QUBO encodes a"
                + " bounded range); give both in Bounds");
          }
          m.addInteger(name, low, high);
        } else {
          throw new InvalidModelException("LP: variable " + name + " (line " + firstUse.get(name)[0]
              + ") is continuous; declare it in General (with bounds) or Binary");
        }
      }
      for (String name : bounds.keySet()) {
        if (!index.containsKey(name)) {
          throw new InvalidModelException("LP: Bounds name " + name + ", which appears in no objective or constraint");
        }
      }
      m.objective(maximize ? ConstrainedQuadraticModel.Goal.MAXIMIZE : ConstrainedQuadraticModel.Goal.MINIMIZE,
          objective.build());
      for (int c = 0; c < labels.size(); c++) {
        m.constraint(new CqmConstraint(labels.get(c), lhs.get(c), senses.get(c), rhs.get(c), Double.NaN));
      }
      return m.build();
    }

    private static int skipLabel(List<Token> t, int pos) {
      return pos + 1 < t.size() && t.get(pos).isName() && t.get(pos + 1).is(":") ? pos + 2 : pos;
    }

    /** Bounds lines as [low, high] per name; integer bounds only (fractional ones are refused). */
    private Map<String, long[]> bounds() {
      Map<String, long[]> out = new LinkedHashMap<>();
      List<Token> t = sections.getOrDefault(Section.BOUNDS, List.of());
      Map<Integer, List<Token>> byLine = new LinkedHashMap<>();
      for (Token tok : t) {
        byLine.computeIfAbsent(tok.line(), k -> new ArrayList<>()).add(tok);
      }
      for (List<Token> line : byLine.values()) {
        bound(line, out);
      }
      return out;
    }

    private void bound(List<Token> line, Map<String, long[]> out) {
      int ln = line.get(0).line();
      // fold signs into the following number or infinity: "- 3" → "-3"
      List<String> parts = new ArrayList<>();
      for (int k = 0; k < line.size(); k++) {
        String s = line.get(k).text();
        if ((s.equals("-") || s.equals("+")) && k + 1 < line.size()) {
          parts.add(s + line.get(++k).text());
        } else {
          parts.add(s);
        }
      }
      String name;
      long low = Long.MIN_VALUE;
      long high = Long.MAX_VALUE;
      boolean lowSet = false;
      if (parts.size() == 2 && parts.get(1).equalsIgnoreCase("free")) {
        throw error(ln, "variable " + parts.get(0) + " is free (unbounded); a QUBO needs finite bounds");
      } else if (parts.size() == 5 && parts.get(1).equals("<=") && parts.get(3).equals("<=")) {
        name = parts.get(2);
        low = bound(parts.get(0), ln);
        high = bound(parts.get(4), ln);
        lowSet = true;
      } else if (parts.size() == 3 && isValue(parts.get(0))) {   // v <= x, v >= x, v = x
        name = parts.get(2);
        long v = bound(parts.get(0), ln);
        switch (parts.get(1)) {
          case "<=" -> { low = v; lowSet = true; }
          case ">=" -> high = v;
          default -> { low = v; high = v; lowSet = true; }
        }
      } else if (parts.size() == 3) {   // x <= v, x >= v, x = v
        name = parts.get(0);
        long v = bound(parts.get(2), ln);
        switch (parts.get(1)) {
          case "<=" -> high = v;
          case ">=" -> { low = v; lowSet = true; }
          default -> { low = v; high = v; lowSet = true; }
        }
      } else {
        throw error(ln, "cannot read bound '" + String.join(" ", parts) + "'");
      }
      long[] b = out.computeIfAbsent(name, k -> new long[] {0, Long.MAX_VALUE});
      if (lowSet) {
        b[0] = low;
      }
      if (high != Long.MAX_VALUE) {
        b[1] = high;
      }
    }

    private static boolean isValue(String s) {
      String u = s.replaceFirst("^[+-]", "");
      return !u.isEmpty() && (Character.isDigit(u.charAt(0)) || u.charAt(0) == '.' || u.equalsIgnoreCase("inf")
          || u.equalsIgnoreCase("infinity"));
    }

    private static long bound(String s, int line) {
      String u = s.replaceFirst("^\\+", "").toLowerCase(Locale.ROOT);
      if (u.equals("inf") || u.equals("infinity")) {
        return Long.MAX_VALUE;
      }
      if (u.equals("-inf") || u.equals("-infinity")) {
        return Long.MIN_VALUE;
      }
      double v;
      try {
        v = Double.parseDouble(u);
      } catch (NumberFormatException e) {
        throw error(line, "not a bound: " + s);
      }
      if (v != Math.rint(v) || Math.abs(v) > 1e15) {
        throw error(line, "bound " + s + " is not a whole number of reasonable size (variables are integer)");
      }
      return (long) v;
    }

    private Set<String> names(Section s) {
      Set<String> out = new LinkedHashSet<>();
      for (Token t : sections.getOrDefault(s, List.of())) {
        if (!t.isName()) {
          throw error(t.line(), "expected a variable name, got '" + t.text() + "'");
        }
        if (!index.containsKey(t.text())) {
          throw error(t.line(), "variable " + t.text() + " appears in no objective or constraint");
        }
        out.add(t.text());
      }
      return out;
    }

    private static InvalidModelException error(int line, String message) {
      return new InvalidModelException("LP line " + line + ": " + message);
    }
  }
}
