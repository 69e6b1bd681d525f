package io.neuroquantum.annealing.hardware.dwave;

import io.neuroquantum.annealing.hardware.HardwareException;
import java.util.Comparator;
import java.util.List;

/**
 * Which solver a problem goes to: the one named, or else the least loaded online solver of the
 * wanted kind (a QPU for {@code ising} problems, a hybrid solver for {@code bqm} ones) that is big
 * enough, as Ocean's default solver features pick one.
 *
 * @param name a solver name, or null for any
 * @param kind {@code qpu} or {@code hybrid}
 * @param minQubits for QPUs, the fewest working qubits acceptable
 */
public record SolverSelection(String name, String kind, int minQubits) {

  public SolverDefinition pick(List<SolverDefinition> solvers) throws HardwareException {
    List<SolverDefinition> fitting = solvers.stream().filter(this::fits).toList();
    if (fitting.isEmpty()) {
      String names = solvers.stream().map(s -> s.name() + (s.online() ? "" : " (offline)")).toList().toString();
      throw new HardwareException(name != null
          ? "no online D-Wave " + kind + " solver named '" + name + "'; the account sees " + names
          : "no online D-Wave " + kind + " solver with at least " + minQubits + " qubits; the account sees " + names,
          false);
    }
    return fitting.stream().min(Comparator.comparingDouble(SolverDefinition::avgLoad)).orElseThrow();
  }

  private boolean fits(SolverDefinition s) {
    if (!s.online() || (name != null && !name.equals(s.name()))) {
      return false;
    }
    return kind.equals("hybrid") ? s.isHybridBqm() : s.isQpu() && s.qubits().length >= minQubits;
  }
}
