package io.neuroquantum.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.neuroquantum.server.gateway.UserLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;
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
    return onCaller(connections.submitToKey(user, new UserCountOps.Admit(member, limit)))
        .map(admitted -> admitted ? new OnceLease(user, () -> release(connections, user)) : null);
  }

  @Override
  public Future<Boolean> admitSubscription(String user, int limit) {
    return onCaller(subscriptions.submitToKey(user, new UserCountOps.Admit(member, limit)));
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

  /** Completes on the caller's context (a gateway event loop). */
  private <T> Future<T> onCaller(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }


}
