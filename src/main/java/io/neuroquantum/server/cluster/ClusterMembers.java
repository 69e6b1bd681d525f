package io.neuroquantum.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.util.HashSet;
import java.util.Set;

/**
 * Who this node counts as the cluster right now, as member ids, kept current from Hazelcast's
 * membership and lifecycle events. A node that was split off (a long pause, a partition) goes on
 * receiving event-bus messages from the others until their connections notice, and they from it:
 * messages from a sender that is not a member in this node's view belong to the other side of a
 * split and must not be handed out as if they were this side's.
 */
public final class ClusterMembers {

  private final HazelcastInstance hazelcast;
  private volatile Set<String> ids = Set.of();
  private volatile String localId;

  public ClusterMembers(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        refresh();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        refresh();
      }
    });
    // a member that merges back rejoins with a view (and possibly an id) of the other side
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleState.MERGED || event.getState() == LifecycleState.MERGE_FAILED) {
        refresh();
      }
    });
    refresh();
  }

  private void refresh() {
    Set<String> now = new HashSet<>();
    for (Member m : hazelcast.getCluster().getMembers()) {
      now.add(m.getUuid().toString());
    }
    ids = Set.copyOf(now);
    localId = hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** This node's id, as other members see it. */
  public String localId() {
    return localId;
  }

  /** Whether {@code id} is a member of the cluster as this node sees it. */
  public boolean contains(String id) {
    return id != null && ids.contains(id);
  }
}
