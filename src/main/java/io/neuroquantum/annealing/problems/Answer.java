package io.neuroquantum.annealing.problems;

import java.util.Map;

/**
 * A sample read back as an answer to the problem it encodes.
 *
 * @param energy the sample's energy on the model that was solved
 * @param objective the domain answer, keyed as in the CLI and REST output ({@code cut},
 *     {@code colors_used}/{@code conflicts}/{@code coloring}, {@code tour_length}/{@code tour})
 * @param feasible the sample itself satisfied every constraint, no repair needed
 * @param solution the sample's variable values
 * @param score lower is better among answers of the same problem (used to pick the best)
 */
public record Answer(double energy, Map<String, Object> objective, boolean feasible, int[] solution,
    double score) {
}
