package io.neuroquantum.server.cluster;

import com.hazelcast.core.HazelcastInstance;

/**
 * This node's place in a cluster, handed to the verticles that keep shared state: the embedded
 * Hazelcast member (the store of channel state) and the cluster's settings.
 *
 * @param gapWaitMs how long a node waits for a missing publication before reading it from history
 */
public record ClusterNode(HazelcastInstance hazelcast, long gapWaitMs) {
}
