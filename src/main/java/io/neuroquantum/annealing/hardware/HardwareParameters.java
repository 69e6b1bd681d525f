package io.neuroquantum.annealing.hardware;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The parameters users set for a hardware run, named as the CLI and the job API name them. Backends
 * read what applies to them and refuse, with a reason, what they cannot honour.
 *
 * @param solverName the vendor's solver or device to use, or null for the backend's choice
 * @param numReads how many samples (shots) to take
 * @param annealingTimeMicros the anneal duration in microseconds, empty for the vendor's default
 * @param chainStrength the coupling that holds an embedded variable's qubits together, empty for the default
 * @param extra vendor-specific parameters passed through as given (e.g. {@code time_limit} for hybrid)
 */
public record HardwareParameters(String solverName, int numReads, OptionalDouble annealingTimeMicros,
    OptionalDouble chainStrength, Map<String, Object> extra) {

  public HardwareParameters {
    if (numReads < 1) {
      throw new IllegalArgumentException("num_reads must be at least 1, got " + numReads);
    }
    extra = Map.copyOf(extra);
  }

  public static HardwareParameters reads(int numReads) {
    return new HardwareParameters(null, numReads, OptionalDouble.empty(), OptionalDouble.empty(), Map.of());
  }
}
