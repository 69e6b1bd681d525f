package io.neuroquantum.server.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.MergingValue;
import io.neuroquantum.server.channels.ChannelLog;
import java.util.Objects;

/**
 * The channel map's split-brain merge policy: Hazelcast calls it on the surviving cluster's member
 * that holds the channel, once per channel the joining side had, and copies the result to the
 * backups. The decision is {@link ChannelMerge}'s. (Hazelcast's default, put-if-absent, would keep
 * the larger side's copy even where the smaller side had numbered other messages with the same
 * offsets: its subscribers would go on as if nothing had happened, with a mixed history.) It asks
 * only for the values, so the map needs no per-entry statistics.
 */
public final class ChannelMergePolicy implements SplitBrainMergePolicy<ChannelLog, MergingValue<ChannelLog>, Object> {

  @Override
  public Object merge(MergingValue<ChannelLog> merging, MergingValue<ChannelLog> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    ChannelLog kept = existing.getValue();
    ChannelLog incoming = merging.getValue();
    String keptOwner = kept.owner();
    String incomingOwner = incoming.owner();
    ChannelLog result = ChannelMerge.reconcile(kept, incoming, ChannelLog.newEpoch());
    if (result == kept && Objects.equals(keptOwner, result.owner())) {
      return existing.getRawValue();   // unchanged: no update, no new expiry
    }
    if (result == incoming && Objects.equals(incomingOwner, result.owner())) {
      return merging.getRawValue();
    }
    return result;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // stateless
  }

  @Override
  public void readData(ObjectDataInput in) {
    // stateless
  }
}
