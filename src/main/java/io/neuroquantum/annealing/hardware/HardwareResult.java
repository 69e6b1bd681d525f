package io.neuroquantum.annealing.hardware;

import io.neuroquantum.annealing.model.SampleSet;
import java.util.Map;

/**
 * A task's answer in the caller's variables, with what the vendor reported about it.
 *
 * @param samples the samples, energies computed on the caller's model
 * @param info the vendor's timing (QPU access time and its parts, in microseconds), the solver used,
 *     chain-break fraction for embedded problems, and the like; JSON-ready values only
 */
public record HardwareResult(SampleSet samples, Map<String, Object> info) {
  public HardwareResult {
    info = Map.copyOf(info);
  }
}
