package io.neuroquantum.server.gateway;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The counts behind the per-user limits ({@code connections.max_per_user},
 * {@code max_anonymous}, {@code max_subscriptions_per_user}): this node's own
 * ({@link ConnectionRegistry}, answered at once) or, in a cluster, the cluster's, so a user's
 * connections and subscriptions on every node count against one limit. Each admission is one atomic
 * check-and-count; a refused one counts nothing.
 */
public interface UserLimits {

  /** One counted connection; {@link #release()} gives the count back, once, whichever paths try. */
  interface Lease {
    String user();

    void release();
  }

  /** A lease that runs its release the first time it is released and never again. */
  final class OnceLease implements Lease {
    private final String user;
    private final Runnable giveBack;
    private final AtomicBoolean released = new AtomicBoolean();

    public OnceLease(String user, Runnable giveBack) {
      this.user = user;
      this.giveBack = giveBack;
    }

    @Override
    public String user() {
      return user;
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        giveBack.run();
      }
    }
  }

  /**
   * Counts a new connection for {@code user} unless that would exceed {@code limit}.
   *
   * @return the lease, or null when the user is at the limit; failed when the count could not be
   *     taken (the cluster's store did not answer): the connection is refused then, never admitted
   *     uncounted
   */
  Future<Lease> admitConnection(String user, int limit);

  /** Counts a new subscription for {@code user} unless that would exceed {@code limit}: true when counted. */
  Future<Boolean> admitSubscription(String user, int limit);

  /** Gives back one subscription's count. */
  void releaseSubscription(String user);
}
