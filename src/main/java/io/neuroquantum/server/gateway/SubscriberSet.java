package io.neuroquantum.server.gateway;

import io.neuroquantum.server.bus.Delivery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of one channel on one gateway event loop, as a flat array the fan-out walks.
 * Each subscription knows its slot, so adding and removing are O(1). A subscription may end while
 * the fan-out is walking (a slow consumer closed, say): its slot is cleared and the array compacted
 * after the walk, so no subscriber is skipped or visited twice. Event-loop confined.
 */
final class SubscriberSet {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriberSet.class);

  private Subscription[] slots = new Subscription[4];
  private int size;
  private int live;
  private boolean walking;
  private boolean holes;

  void add(Subscription sub) {
    if (size == slots.length) {
      slots = Arrays.copyOf(slots, size * 2);
    }
    sub.slot = size;
    slots[size++] = sub;
    live++;
  }

  void remove(Subscription sub) {
    int i = sub.slot;
    if (i < 0 || i >= size || slots[i] != sub) {
      return;
    }
    sub.slot = -1;
    live--;
    if (walking) {
      slots[i] = null;
      holes = true;
      return;
    }
    Subscription last = slots[--size];
    slots[size] = null;
    if (i < size) {
      slots[i] = last;
      last.slot = i;
    }
  }

  boolean isEmpty() {
    return live == 0;
  }

  int size() {
    return live;
  }

  /**
   * Hands a publication to every subscriber present when the walk starts.
   *
   * @return how many took it straight to their socket (for the metrics)
   */
  int deliver(Delivery delivery, SharedFrame shared) {
    int sent = 0;
    int n = size;
    walking = true;
    try {
      for (int i = 0; i < n; i++) {
        Subscription sub = slots[i];
        if (sub == null) {
          continue;
        }
        try {
          if (sub.connection.onDelivery(sub, delivery, shared) == FlowController.Outcome.SENT) {
            sent++;
          }
        } catch (RuntimeException e) {   // one broken connection must not cost the others their message
          LOG.warn("delivery to connection {} failed", sub.connection.id(), e);
        }
      }
    } finally {
      walking = false;
      if (holes) {
        compact();
      }
    }
    return sent;
  }

  /** The subscribers present now (a copy: the caller may change the set meanwhile). */
  List<Subscription> snapshot() {
    List<Subscription> subs = new ArrayList<>(live);
    for (int i = 0; i < size; i++) {
      if (slots[i] != null) {
        subs.add(slots[i]);
      }
    }
    return subs;
  }

  private void compact() {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      Subscription sub = slots[i];
      if (sub != null) {
        sub.slot = kept;
        slots[kept++] = sub;
      }
    }
    Arrays.fill(slots, kept, size, null);
    size = kept;
    holes = false;
  }
}
