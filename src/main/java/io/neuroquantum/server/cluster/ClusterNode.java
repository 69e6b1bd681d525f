package io.neuroquantum.server.cluster;

import com.hazelcast.core.HazelcastInstance;

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
}
