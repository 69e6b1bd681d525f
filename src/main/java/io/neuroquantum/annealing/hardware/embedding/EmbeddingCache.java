package io.neuroquantum.annealing.hardware.embedding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Embeddings already found, per working graph and problem graph: finding one takes seconds on a
 * full QPU, and jobs often repeat a problem's shape with new weights. Least recently used entries go
 * first once {@code capacity} is reached. Thread-safe.
 *
 * @param <T> what is kept per pair: an {@link Embedding}, or one with how it was found
 */
public final class EmbeddingCache<T> {

  private final Map<String, Optional<T>> entries;

  public EmbeddingCache(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Optional<T>> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * The cached embedding for this pair, or {@code find}'s answer (cached, failures too, so a problem
   * that does not fit is not searched again).
   *
   * @param targetId identifies the working graph (a solver name and its graph id)
   */
  public Optional<T> get(String targetId, ProblemGraph problem, Supplier<Optional<T>> find) {
    String key = targetId + '|' + problem.key();
    synchronized (entries) {
      Optional<T> hit = entries.get(key);
      if (hit != null) {
        return hit;
      }
    }
    Optional<T> found = find.get();
    synchronized (entries) {
      entries.put(key, found);
    }
    return found;
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
