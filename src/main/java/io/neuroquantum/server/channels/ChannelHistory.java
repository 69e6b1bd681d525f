package io.neuroquantum.server.channels;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a channel's messages are numbered and kept for recovery, with its epoch and its owner.
 * Appending assigns the offset in the same step, so the store is the one writer of a channel's
 * order. Two implementations run through one contract test: {@link InMemoryChannelHistory} for one
 * node, and the cluster store (one Hazelcast map entry per channel, changed where it lives), where
 * every call is a round trip: hence the futures. Futures complete on the caller's context.
 *
 * <p>Losing a channel's data (idle expiry, eviction, the loss of the cluster members that held it)
 * loses its offset, epoch, history and owner together: the next use starts a new epoch, and a
 * recovery against the old one says {@code recovered: false}. Never a partial history.
 */
public interface ChannelHistory {

  /** A stored message. {@code data} is its JSON text in UTF-8, never modified after it is stored. */
  record Entry(long offset, byte[] data, long timestampMs) {
  }

  /**
   * Where a channel stands: its last offset, its epoch (new whenever its history was lost), how many
   * messages it keeps, and the user who claimed it (null if nobody did).
   */
  record Position(long offset, String epoch, int historySize, String owner) {
  }

  /**
   * The outcome of a recovery: the messages after the given offset, in order, when they are all
   * still kept and the epoch matches; otherwise {@code recovered} is false and the list is empty.
   */
  record Recovery(boolean recovered, List<Entry> missed, Position position) {
  }

  /**
   * What a publish came to: the message's offset and the epoch, and whether it was a retry of a
   * publish with the same idempotency key (then this is the first one's offset, and nothing new was
   * stored: it must not be fanned out again).
   */
  record Appended(long offset, String epoch, boolean duplicate) {
  }

  /**
   * Appends a message (creating the channel if new) and returns its offset and the epoch, unless
   * {@code idempotencyKey} (nullable) was used on this channel within its namespace's idempotency
   * window: then nothing is stored and the first publish's offset comes back as a duplicate. The
   * check and the append are one step where the channel lives, so two retries racing on two nodes
   * still store the message once. Keys live with the channel's data: a new epoch forgets them.
   */
  Future<Appended> append(String channel, byte[] data, String idempotencyKey, long nowMs);

  /** The channel's current position, creating the channel and its epoch if it is new. */
  Future<Position> open(String channel, long nowMs);

  /** Messages after {@code offset} if {@code epoch} is current and none has been dropped since. */
  Future<Recovery> since(String channel, long offset, String epoch, long nowMs);

  /**
   * Makes {@code owner} the owner of the channel unless another user already is (creating the
   * channel if new). Returns the owner after the call: {@code owner} on success.
   */
  Future<String> claim(String channel, String owner, long nowMs);

  /** Counts now as activity on the channel, if it exists (it is not created). */
  Future<Void> touch(String channel, long nowMs);

  /**
   * Counts now as activity on the {@code watched} channels (someone here subscribes to them) and
   * lets the others expire once idle past their namespace's {@code idle_ttl_ms} (no publish, no
   * subscribe): history, offset, epoch and owner together. Returns where the watched channels that
   * exist stand (the cluster's fan-out checks with it that it has received every publication).
   */
  Future<Map<String, Position>> expireIdle(long nowMs, Set<String> watched);

  /** Bytes held by this node's histories (payloads and their bookkeeping), for the gauge. */
  long bytes();

  /** Messages or channels dropped so far on this node to keep histories within their byte budget. */
  long evictions();

  /** Channels held on this node. */
  int channels();
}
