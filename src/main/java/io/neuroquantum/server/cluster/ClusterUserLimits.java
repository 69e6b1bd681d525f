package io.neuroquantum.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.neuroquantum.server.gateway.UserLimits;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user limits held across the cluster: two Hazelcast maps keyed by user (connections and
 * subscriptions), each entry every member's part of the user's count ({@link UserCounts}), admitted
 * and released by entry processors ({@link UserCountOps}) where the entry lives. A user at the limit
 * on one node is refused on every node. When a member leaves the cluster its connections are gone,
 * so the survivors drop its parts.
 *
 * <p>Not exact in one case: a count whose change was in flight while a member was lost may have
 * been made or not; the caller is told it failed (the connection or subscription is refused, never
 * admitted uncounted) and a count made nonetheless stays until this node leaves the cluster.
 */
public final class ClusterUserLimits implements UserLimits {

  /** Prefix of the two maps, {@code nq.user_counts.connections} and {@code nq.user_counts.subscriptions}. */
  public static final String MAP = "nq.user_counts.*";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterUserLimits.class);

  private final Vertx vertx;
  private final IMap<String, UserCounts> connections;
  private final IMap<String, UserCounts> subscriptions;
  private final String member;

  public ClusterUserLimits(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.connections = hazelcast.getMap("nq.user_counts.connections");
    this.subscriptions = hazelcast.getMap("nq.user_counts.subscriptions");
    this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
    MemberDepartures.listen(hazelcast, gone -> vertx.executeBlocking(() -> {   // a pass over every entry: off Hazelcast's thread
      connections.executeOnEntries(new UserCountOps.DropPart(gone));
      subscriptions.executeOnEntries(new UserCountOps.DropPart(gone));
      return null;
    }).onFailure(e -> LOG.warn("could not drop the per-user counts of departed member {}", gone, e)));
  }

  @Override
  public Future<Lease> admitConnection(String user, int limit) {
    return admit(connections, user, limit, ADMIT_ATTEMPTS)
        .map(admitted -> admitted ? new OnceLease(user, () -> release(connections, user)) : null);
  }

  @Override
  public Future<Boolean> admitSubscription(String user, int limit) {
    return admit(subscriptions, user, limit, ADMIT_ATTEMPTS);
  }

  /** Attempts at a count before the caller is refused (503): a lost member's partitions take a moment to be taken over. */
  private static final int ADMIT_ATTEMPTS = 4;

  /**
   * Counts one more for {@code user}, trying again a little later when the cluster could not answer
   * (a member was just lost and its partitions are being taken over). A retried count whose first
   * try was made after all stays counted, as the class comment says: a rare over-count for a while
   * is better than refusing every client of the survivors while the cluster heals.
   */
  private Future<Boolean> admit(IMap<String, UserCounts> map, String user, int limit, int attempts) {
    Context caller = vertx.getOrCreateContext();
    return Future.fromCompletionStage(map.submitToKey(user, new UserCountOps.Admit(member, limit)), caller)
        .recover(e -> {
          if (attempts <= 1) {
            LOG.warn("could not count a connection or subscription of {}: {}", user, e.toString());
            return Future.failedFuture(e);
          }
          Promise<Boolean> retried = Promise.promise();
          vertx.setTimer(250L * (ADMIT_ATTEMPTS - attempts + 1),
              id -> admit(map, user, limit, attempts - 1).onComplete(retried));
          return retried.future();
        });
  }

  @Override
  public void releaseSubscription(String user) {
    release(subscriptions, user);
  }

  private void release(IMap<String, UserCounts> map, String user) {
    map.submitToKey(user, new UserCountOps.Release(member)).exceptionally(e -> {
      LOG.warn("could not give back a count of {}; it stays counted until this node leaves the cluster", user, e);
      return null;
    });
  }
}
