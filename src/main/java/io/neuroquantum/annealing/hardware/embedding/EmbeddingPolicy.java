package io.neuroquantum.annealing.hardware.embedding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a problem is placed on a QPU's working graph: the heuristic search ({@link HeuristicEmbedder}) or
 * the clique layout ({@link PegasusCliqueEmbedder}), decided here and nowhere else.
 *
 * <p>The rule, and why:
 * <ul>
 *   <li>A <b>dense</b> problem (at least {@value #DENSE} of all possible couplings present) of more than
 *       {@value #SMALL} variables on a Pegasus working graph gets the clique layout of K_n, as Ocean's
 *       {@code DWaveCliqueSampler} does. A graph that dense needs chains about as long as a clique's
 *       anyway, and the heuristic's search grows with the couplings: measured on P16, K_12 took it 0.9 s
 *       CPU for chains of up to 7 qubits (layout: 3), K_16 2.3 s for 13 (layout: 3), and K_24 failed after
 *       32 s (layout: chains of 4). The layout is deterministic and, once laid out for the working graph
 *       (about 0.6 s CPU for P16), immediate.</li>
 *   <li>Up to {@value #SMALL} variables the heuristic goes first even when dense: it places K_4..K_8 in
 *       P16 within a quarter of a second with chains as short as the layout's and fewer qubits.</li>
 *   <li>Any other problem goes to the heuristic first: a sparse graph fits with much shorter chains than a
 *       clique's (a 3-regular graph mostly with chains of one to three qubits, where K_n's grow with n).</li>
 *   <li>When the heuristic finds nothing, the clique layout is the fallback on Pegasus; a dense problem
 *       larger than the largest clique goes to the heuristic, which may still place it.</li>
 * </ul>
 * Other topologies (Chimera, Zephyr) have no layout here and always use the heuristic.
 */
public final class EmbeddingPolicy {

  /** The fraction of the n(n-1)/2 possible couplings from which a problem counts as dense. */
  public static final double DENSE = 0.5;
  /** Up to this many variables the heuristic is tried first whatever the density (see above). */
  public static final int SMALL = 8;

  /** An embedding and how it was found: {@code "heuristic"} or {@code "clique"}. */
  public record Placement(Embedding embedding, String method) {
  }

  private final HeuristicEmbedder heuristic;
  // laid out once per working graph (about a second for P16), reused for every problem on it
  private final Map<String, PegasusCliqueEmbedder> layouts = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PegasusCliqueEmbedder> eldest) {
      return size() > 4;
    }
  };

  public EmbeddingPolicy(HeuristicEmbedder heuristic) {
    this.heuristic = heuristic;
  }

  public EmbeddingPolicy() {
    this(new HeuristicEmbedder());
  }

  /**
   * @param graphKey identifies the working graph (the clique layout is kept per key)
   * @param pegasusSize m when the working graph is part of a Pegasus P(m); empty for other topologies
   */
  public Optional<Placement> place(ProblemGraph problem, TargetGraph graph, String graphKey, OptionalInt pegasusSize) {
    if (pegasusSize.isPresent() && dense(problem) && problem.numVariables() > SMALL) {
      Optional<Placement> clique = clique(problem, graph, graphKey, pegasusSize.getAsInt());
      if (clique.isPresent()) {
        return clique;
      }
    }
    Optional<Placement> searched = heuristic.embed(problem, graph).map(e -> new Placement(e, "heuristic"));
    if (searched.isPresent() || pegasusSize.isEmpty() || dense(problem) && problem.numVariables() > SMALL) {
      return searched; // a large dense problem was offered the layout already
    }
    return clique(problem, graph, graphKey, pegasusSize.getAsInt());
  }

  static boolean dense(ProblemGraph problem) {
    long n = problem.numVariables();
    return n > 1 && problem.edges().length >= DENSE * n * (n - 1) / 2;
  }

  private Optional<Placement> clique(ProblemGraph problem, TargetGraph graph, String graphKey, int m) {
    PegasusCliqueEmbedder layout;
    synchronized (layouts) { // one layout per graph, even when two jobs ask at once
      layout = layouts.computeIfAbsent(graphKey, k -> new PegasusCliqueEmbedder(m, graph));
    }
    // K_n holds every graph on n variables, so its chains embed the problem whatever its couplings
    return layout.embed(problem.numVariables(), graph).map(e -> new Placement(e, "clique"));
  }
}
