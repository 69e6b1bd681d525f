package io.neuroquantum.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import io.vertx.core.Context;

/**
 * This node's place in a cluster, handed to the verticles that keep shared state: the embedded
 * Hazelcast member (the store of channel state) and the cluster's settings.
 *
 * @param gapWaitMs how long a node waits for a missing publication before reading it from history
 * @param presenceTtlMs how long a presence entry outlives its node's last renewal (the fallback when
 *     a member's departure was not seen)
 */
public record ClusterNode(HazelcastInstance hazelcast, long gapWaitMs, long presenceTtlMs) {

  /** This member's id in the cluster: what its presence entries and per-user counts are filed under. */
  public String memberId() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** The ids of the cluster's members as this member sees them now (Hazelcast keeps the list locally). */
  public java.util.Set<String> memberIds() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    hazelcast.getCluster().getMembers().forEach(m -> ids.add(m.getUuid().toString()));
    return ids;
  }

  /** Runs {@code left} with the id of each member that leaves the cluster, on {@code context}. */
  public void onMemberLeft(Context context, java.util.function.Consumer<String> left) {
    MemberDepartures.listen(hazelcast, id -> context.runOnContext(v -> left.accept(id)));
  }

  /**
   * Runs {@code started} when this member begins merging back into a larger cluster after a split
   * brain, and {@code ended} once Hazelcast has merged its data (or given up), both on
   * {@code context}. Hazelcast fires MERGED after its merge tasks have run.
   */
  public void onMerge(Context context, Runnable started, Runnable ended) {
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      LifecycleState state = event.getState();
      if (state == LifecycleState.MERGING) {
        context.runOnContext(v -> started.run());
      } else if (state == LifecycleState.MERGED || state == LifecycleState.MERGE_FAILED) {
        context.runOnContext(v -> ended.run());
      }
    });
  }
}
