package io.neuroquantum.annealing.solvers;

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
