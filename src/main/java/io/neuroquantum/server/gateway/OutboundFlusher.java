package io.neuroquantum.server.gateway;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One gateway event loop's flushing: connections written to during a turn of the loop are flushed
 * once, by a task queued behind the work already waiting, so every publication that reached the
 * loop meanwhile leaves in the same system call per socket. Connections that batch messages with a
 * write delay are flushed when their delay is up, by one timer for the loop rather than one each.
 * Event-loop confined.
 */
final class OutboundFlusher {

  /** What is flushed: a connection's outbound path. */
  interface Target {
    /** End of the loop's turn: write what is due and flush the socket. */
    void endOfTurn();

    /** The write delay of a batch is up (at {@link #dueNanos()} or later). */
    void delayElapsed();

    /** When the pending batch must go out, or {@code Long.MAX_VALUE} when none is pending. */
    long dueNanos();
  }

  private final Vertx vertx;
  private final Context context;
  private final ArrayList<Target> dirty = new ArrayList<>();
  private final Set<Target> delayed = new LinkedHashSet<>();   // targets do not override equals: identity
  private final Handler<Void> flushDirty = v -> flushDirty();
  private boolean flushQueued;
  private long timer = -1;
  private long timerDueNanos = Long.MAX_VALUE;

  OutboundFlusher(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  /** The target wrote (or has a batch for the end of the turn); it is flushed once at the end of this turn. */
  void endOfTurn(Target target, boolean alreadyListed) {
    if (!alreadyListed) {
      dirty.add(target);
    }
    if (!flushQueued) {
      flushQueued = true;
      context.runOnContext(flushDirty);
    }
  }

  private void flushDirty() {
    flushQueued = false;
    // endOfTurn may list targets again (a batch written now that fills the socket); take a snapshot
    Target[] targets = dirty.toArray(new Target[0]);
    dirty.clear();
    for (Target t : targets) {
      t.endOfTurn();
    }
  }

  /** The target holds a batch until its {@link Target#dueNanos()}. */
  void later(Target target) {
    delayed.add(target);
    arm(target.dueNanos());
  }

  private void arm(long dueNanos) {
    if (timer >= 0 && timerDueNanos <= dueNanos) {
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    timerDueNanos = dueNanos;
    long delayMs = Math.max(1, (dueNanos - System.nanoTime() + 999_999) / 1_000_000);
    timer = vertx.setTimer(delayMs, id -> fireDelayed());
  }

  private void fireDelayed() {
    timer = -1;
    timerDueNanos = Long.MAX_VALUE;
    long now = System.nanoTime() + 500_000;   // half a millisecond early is on time
    long next = Long.MAX_VALUE;
    for (Iterator<Target> it = delayed.iterator(); it.hasNext(); ) {
      Target t = it.next();
      if (t.dueNanos() <= now) {
        t.delayElapsed();
      }
      long due = t.dueNanos();   // MAX_VALUE once its batch is out (a new one may have started)
      if (due == Long.MAX_VALUE) {
        it.remove();
      } else {
        next = Math.min(next, due);
      }
    }
    if (next != Long.MAX_VALUE) {
      arm(next);
    }
  }
}
