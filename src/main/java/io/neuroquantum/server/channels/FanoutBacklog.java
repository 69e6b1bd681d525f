package io.neuroquantum.server.channels;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far behind the channel manager's fan-out each gateway event loop is, in messages and bytes.
 * The event bus hands a publication to another event loop as a task in that loop's queue, which
 * has no bound; this count is the bound: past it, the channel manager refuses publishes from
 * clients and bus services until the loops catch up, instead of letting the queues eat the heap.
 * Shared by the verticles of one JVM; thread-safe.
 */
public final class FanoutBacklog {

  /** One gateway event loop's share: incremented by the publisher, decremented by the loop. */
  public static final class Lane {
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** The loop has handed a publication of {@code size} bytes to its subscribers. */
    public void done(int size) {
      // Clamped at zero: a loop that registered while a publication was in flight may see one it was not counted for.
      messages.updateAndGet(v -> v > 0 ? v - 1 : 0);
      bytes.updateAndGet(v -> v > size ? v - size : 0);
    }
  }

  private final List<Lane> lanes = new CopyOnWriteArrayList<>();
  private final long maxMessages;
  private final long maxBytes;

  public FanoutBacklog(long maxMessages, long maxBytes) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
  }

  public Lane register() {
    Lane lane = new Lane();
    lanes.add(lane);
    return lane;
  }

  public void unregister(Lane lane) {
    lanes.remove(lane);
  }

  /** Counts a publication of {@code size} bytes against every loop it is about to be handed to. */
  public void published(int size) {
    for (Lane lane : lanes) {
      lane.messages.incrementAndGet();
      lane.bytes.addAndGet(size);
    }
  }

  /** Messages the slowest loop has yet to hand out. */
  public long messagesBehind() {
    long max = 0;
    for (Lane lane : lanes) {
      max = Math.max(max, lane.messages.get());
    }
    return max;
  }

  /** Bytes the slowest loop has yet to hand out. */
  public long bytesBehind() {
    long max = 0;
    for (Lane lane : lanes) {
      max = Math.max(max, lane.bytes.get());
    }
    return max;
  }

  /** True when some loop is past a bound, so new publications should wait. */
  public boolean overloaded() {
    return messagesBehind() >= maxMessages || bytesBehind() >= maxBytes;
  }

  public long maxMessages() {
    return maxMessages;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
