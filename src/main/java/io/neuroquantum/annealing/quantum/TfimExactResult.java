package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.SampleSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an exact anneal ends with: the final state's distribution over basis states, the probability
 * of the problem's ground states, the expected problem energy, samples drawn from the distribution
 * and the integrator's report.
 *
 * @param probabilities |ψ(z)|² for every basis state z (bit q of z set means spin q is −1)
 */
public record TfimExactResult(SampleSet samples, double[] probabilities, double groundStateProbability,
    double expectedEnergy, double annealTime, StateVectorEvolution.Report integration) {

  /** The samples carry the run's figures as their {@code tfim_exact} info (see {@code SampleSet#info}). */
  public TfimExactResult {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("ground_state_probability", groundStateProbability);
    info.put("expected_energy", expectedEnergy);
    info.put("anneal_time", annealTime);
    info.put("integrator_steps", integration.steps());
    samples = samples.withInfo("tfim_exact", info);
  }
}
