package io.neuroquantum.annealing.hubo;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Qubo;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Hubo} as a QUBO: its first {@link #numOriginal()} variables are the HUBO's, the rest are
 * auxiliaries, auxiliary {@code n + k} standing for the product of {@code pairs().get(k)} (which may
 * itself name earlier auxiliaries). See {@link HuboReduction} for why the energies are exact.
 */
public record ReducedHubo(Hubo source, Qubo qubo, List<int[]> pairs, double penalty) {

  public ReducedHubo {
    pairs = pairs.stream().map(int[]::clone).toList();
  }

  public int numOriginal() {
    return source.numVariables();
  }

  public int numAuxiliary() {
    return pairs.size();
  }

  /** The HUBO's variables of a QUBO sample. */
  public byte[] original(byte[] sample) {
    if (sample.length != qubo.numVariables()) {
      throw new InvalidModelException("sample has " + sample.length + " values, the QUBO has " + qubo.numVariables());
    }
    return Arrays.copyOf(sample, numOriginal());
  }

  /** The full QUBO assignment for HUBO values x: every auxiliary set to its product, so the energies agree. */
  public byte[] extend(byte[] x) {
    if (x.length != numOriginal()) {
      throw new InvalidModelException("assignment has " + x.length + " values, the HUBO has " + numOriginal());
    }
    byte[] full = Arrays.copyOf(x, qubo.numVariables());
    for (int k = 0; k < pairs.size(); k++) {
      full[numOriginal() + k] = (byte) (full[pairs.get(k)[0]] & full[pairs.get(k)[1]]);
    }
    return full;
  }

  /** True when every auxiliary of a QUBO sample equals its product (the sample's energy is then the HUBO's). */
  public boolean isConsistent(byte[] sample) {
    return Arrays.equals(sample, extend(original(sample)));
  }
}
