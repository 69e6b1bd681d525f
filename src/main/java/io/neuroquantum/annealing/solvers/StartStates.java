package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.io.CommentedLines;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import java.util.Arrays;
import java.util.List;

/**
 * Initial states given by the caller, in the model's own variable type, checked once and kept as
 * spins. Read r starts from state {@code r mod count}, as dimod's {@code initial_states} are reused.
 * Tabu search and simulated annealing (warm starts) both take them this way.
 */
public final class StartStates {

  private final byte[][] spins;

  private StartStates(byte[][] spins) {
    this.spins = spins;
  }

  /** Checks every state against the model (length and domain) and converts it to spins. */
  public static StartStates of(byte[][] states, QuadraticModel model) {
    if (states == null || states.length == 0) {
      return new StartStates(new byte[0][]);
    }
    byte[][] out = new byte[states.length][];
    for (int r = 0; r < states.length; r++) {
      try {
        model.checkSample(states[r]);
      } catch (InvalidModelException e) {
        throw new InvalidModelException("initial state " + r + ": " + e.getMessage());
      }
      out[r] = toSpins(states[r], model.varType());
    }
    return new StartStates(out);
  }

  /** The samples of a set as starting states, lowest energy first; each must have the model's length. */
  public static StartStates of(SampleSet samples, QuadraticModel model) {
    List<Sample> in = samples.samples();
    byte[][] out = new byte[in.size()][];
    for (int r = 0; r < out.length; r++) {
      if (in.get(r).size() != model.numVariables()) {
        throw new InvalidModelException("sample " + r + " has " + in.get(r).size() + " values, the model has "
            + model.numVariables() + " variables");
      }
      out[r] = toSpins(in.get(r).values(), samples.varType());
    }
    return new StartStates(out);
  }

  /** Files of initial states larger than this are refused before they are read. */
  public static final long MAX_FILE_BYTES = 64L << 20;

  /**
   * Reads initial states from a text file: one state per line, its values (0/1 or −1/+1, the model's
   * variable type) separated by white space or commas; {@code #} to the end of a line is a comment,
   * blank lines are skipped. Lengths and domain are checked against the model when the solver runs;
   * here a line that is not a list of −1, 0 or 1 is refused with its number.
   */
  public static byte[][] read(java.nio.file.Path file) throws java.io.IOException {
    List<CommentedLines.Line> lines = CommentedLines.read(file, MAX_FILE_BYTES, size -> new IllegalArgumentException(
        file + " has " + size + " bytes, over the " + MAX_FILE_BYTES + " bytes allowed for initial states"));
    List<byte[]> states = new java.util.ArrayList<>();
    for (CommentedLines.Line line : lines) {
      String[] words = line.content().split("[\\s,]+");
      byte[] state = new byte[words.length];
      for (int i = 0; i < words.length; i++) {
        state[i] = switch (words[i]) {
          case "0" -> 0;
          case "1", "+1" -> 1;
          case "-1" -> -1;
          default -> throw new IllegalArgumentException(file + " line " + line.number() + ": value " + (i + 1)
              + " is \"" + words[i] + "\", not 0, 1 or -1");
        };
      }
      states.add(state);
    }
    if (states.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no initial state");
    }
    return states.toArray(byte[][]::new);
  }

  public boolean isEmpty() {
    return spins.length == 0;
  }

  /** The spins read {@code read} starts from. */
  public byte[] forRead(int read) {
    return spins[read % spins.length];
  }

  public static byte[] toSpins(byte[] values, VarType type) {
    byte[] s = Arrays.copyOf(values, values.length);
    for (int i = 0; i < s.length; i++) {
      s[i] = type.convert(s[i], VarType.SPIN);
    }
    return s;
  }

  public static byte[] fromSpins(byte[] spins, VarType type) {
    byte[] v = Arrays.copyOf(spins, spins.length);
    for (int i = 0; i < v.length; i++) {
      v[i] = VarType.SPIN.convert(v[i], type);
    }
    return v;
  }
}
