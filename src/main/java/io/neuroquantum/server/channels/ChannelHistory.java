package io.neuroquantum.server.channels;

import java.util.List;
import java.util.function.Predicate;

/**
 * Where a channel's messages are numbered and kept for recovery. Appending assigns the offset in
 * the same step, so the store is the one writer of a channel's order. Implemented in memory for one
 * node; a cluster-wide store implements the same interface.
 */
public interface ChannelHistory {

  /** A stored message. {@code data} is its JSON text in UTF-8, never modified after it is stored. */
  record Entry(long offset, byte[] data, long timestampMs) {
  }

  /** A channel's epoch (changes when its history is lost, e.g. on restart) and its last offset. */
  record Position(long offset, String epoch) {
  }

  /**
   * The outcome of a recovery: the messages after the given offset, in order, when they are all
   * still kept and the epoch matches; otherwise {@code recovered} is false and the list is empty.
   */
  record Recovery(boolean recovered, List<Entry> missed, Position position, int historySize) {
  }

  /** Appends a message and returns its offset and the channel's epoch. */
  Position append(String channel, byte[] data, long nowMs);

  /** The channel's current position (creating the channel's epoch if it is new). */
  Position position(String channel, long nowMs);

  /** Messages after {@code offset} if the client's epoch is current and none has been dropped yet. */
  Recovery since(String channel, long offset, String epoch, long nowMs);

  /** Number of messages kept for a channel. */
  int size(String channel, long nowMs);

  /** Counts now as activity on the channel, if the channel exists (it is not created). */
  void touch(String channel, long nowMs);

  /**
   * Forgets channels idle past their namespace's {@code idle_ttl_ms} (no publish, no subscribe) that
   * are not {@code inUse}: history, offset and epoch. Returns their names.
   */
  List<String> expireIdle(long nowMs, Predicate<String> inUse);

  /** Bytes held by all histories (payloads and their bookkeeping). */
  long bytes();

  /** Messages dropped so far to keep all histories within their byte budget. */
  long evictions();

  /** Channels currently known. */
  int channels();
}
