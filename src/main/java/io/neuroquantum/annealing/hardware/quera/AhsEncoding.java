package io.neuroquantum.annealing.hardware.quera;

import io.neuroquantum.annealing.hardware.HardwareProblem.UnitDiskMis;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

/**
 * A maximum-independent-set problem as sent to Aquila, and what decoding its answer needs: the
 * problem's graph (site i is vertex i) and the program's filling.
 *
 * @param problem the caller's problem
 * @param graph its unit-disk graph, on the caller's radius
 * @param program the AHS program submitted
 * @param scale device metres per problem unit
 * @param blockadeRadius the Rydberg blockade radius at the program's peak Rabi frequency, metres
 * @param finalDetuning the detuning Δ the sweep ends at, rad/s
 * @param blockadeMargin shortest non-edge over longest edge of the problem: how far apart the two
 *     sides of the blockade radius are (near 1 the device cannot tell edges from non-edges)
 */
public record AhsEncoding(UnitDiskMis problem, Graph<Integer, DefaultEdge> graph, AhsProgram program,
    double scale, double blockadeRadius, double finalDetuning, double blockadeMargin) {
}
