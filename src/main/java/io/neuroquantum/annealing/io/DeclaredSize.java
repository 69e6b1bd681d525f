package io.neuroquantum.annealing.io;

/**
 * Hears a file's declared size before a reader builds anything from it, and may refuse it: a
 * 20-byte header can ask for a million vertices, and a caller with its own limits (the job server)
 * wants to say no before the graph exists, not after.
 */
@FunctionalInterface
public interface DeclaredSize {

  /** Accepts any size the reader itself accepts. */
  DeclaredSize ANY = (vertices, edges) -> { };

  /**
   * @param vertices vertices (cities, variables) the file declares
   * @param edges edges (terms) it declares, or 0 when the format does not say (TSPLIB: complete graphs)
   * @throws RuntimeException (an {@link io.neuroquantum.annealing.model.InvalidModelException}) to refuse it
   */
  void check(int vertices, long edges);
}
