package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.SampleSet;

/**
 * What an exact anneal ends with: the final state's distribution over basis states, the probability
 * of the problem's ground states, the expected problem energy, samples drawn from the distribution
 * and the integrator's report.
 *
 * @param probabilities |ψ(z)|² for every basis state z (bit q of z set means spin q is −1)
 */
public record TfimExactResult(SampleSet samples, double[] probabilities, double groundStateProbability,
    double expectedEnergy, double annealTime, StateVectorEvolution.Report integration) {
}
