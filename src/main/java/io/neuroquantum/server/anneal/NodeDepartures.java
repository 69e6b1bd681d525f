package io.neuroquantum.server.anneal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Tells the jobs verticle, on its own context, which member left the cluster. Hazelcast removes a member whose connection closed (a killed process) at once, and one
 * that stopped answering after {@code hazelcast.max.no.heartbeat.seconds} (ClusterSettings).
 */
final class NodeDepartures {

  private final HazelcastInstance hazelcast;
  private final UUID registration;

  /** Registers at once (Hazelcast keeps listeners locally: no remote call). */
  NodeDepartures(HazelcastInstance hazelcast, Context context, Handler<String> onDeparture) {
    this.hazelcast = hazelcast;
    this.registration = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String left = event.getMember().getUuid().toString();
        context.runOnContext(v -> onDeparture.handle(left));
      }
    });
  }

  /** The cluster's members now: the nodes that may still be running jobs. */
  static Set<String> members(HazelcastInstance hazelcast) {
    return uuids(hazelcast.getCluster().getMembers());
  }

  static String self(HazelcastInstance hazelcast) {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  private static Set<String> uuids(Set<Member> members) {
    Set<String> out = new HashSet<>();
    for (Member m : members) {
      out.add(m.getUuid().toString());
    }
    return out;
  }

  void close() {
    hazelcast.getCluster().removeMembershipListener(registration);
  }
}
