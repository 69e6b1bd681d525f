package io.neuroquantum.server.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.function.Consumer;

/** Members leaving the cluster (a crash, a shutdown, or one declared dead), as their ids. */
final class MemberDepartures {
  private MemberDepartures() {
  }

  /**
   * Calls {@code onRemoved} with the id of each member that leaves, on Hazelcast's event thread:
   * anything slow must be handed elsewhere.
   */
  static void listen(HazelcastInstance hazelcast, Consumer<String> onRemoved) {
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        onRemoved.accept(event.getMember().getUuid().toString());
      }
    });
  }
}
