package io.neuroquantum.server.cluster;

import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Storing a map entry from an entry processor with a time to live. */
final class EntryTtl {
  private EntryTtl() {
  }

  /**
   * Stores {@code value} to live {@code ttlMs}, at least {@code minSeconds}. Hazelcast keeps entry
   * times to the whole second (an entry renewed within a second can still expire at its end), so the
   * TTL is rounded up, plus one second.
   */
  @SuppressWarnings("unchecked")
  static <K, V> void store(Map.Entry<K, V> entry, V value, long ttlMs, long minSeconds) {
    long seconds = Math.max(minSeconds, (ttlMs + 999) / 1000 + 1);
    ((ExtendedMapEntry<K, V>) entry).setValue(value, seconds, TimeUnit.SECONDS);
  }
}
