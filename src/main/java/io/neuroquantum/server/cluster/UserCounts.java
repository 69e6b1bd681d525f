package io.neuroquantum.server.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One user's connections or subscriptions in the cluster, as each member's part: a limit is checked
 * against the sum, a member changes only its own part, and the survivors drop the part of a member
 * that left (its connections went with it). Plain logic; {@link UserCountOps} runs it where the
 * entry lives.
 */
final class UserCounts implements IdentifiedDataSerializable {

  static final int ID = 1;

  private final Map<String, Integer> byMember = new HashMap<>();

  int total() {
    int sum = 0;
    for (int n : byMember.values()) {
      sum += n;
    }
    return sum;
  }

  /** Adds one to the member's part unless the total is at {@code limit}; true when added. */
  boolean tryAdd(String member, int limit) {
    if (total() >= limit) {
      return false;
    }
    byMember.merge(member, 1, Integer::sum);
    return true;
  }

  /** Takes one from the member's part (never below zero: a part dropped meanwhile stays dropped). */
  void release(String member) {
    byMember.computeIfPresent(member, (m, n) -> n <= 1 ? null : n - 1);
  }

  /** Forgets a member's part; true when it had one. */
  boolean drop(String member) {
    return byMember.remove(member) != null;
  }

  boolean isEmpty() {
    return byMember.isEmpty();
  }

  @Override
  public int getFactoryId() {
    return UserCountOps.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return ID;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(byMember.size());
    for (Map.Entry<String, Integer> e : byMember.entrySet()) {
      out.writeString(e.getKey());
      out.writeInt(e.getValue());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      byMember.put(in.readString(), in.readInt());
    }
  }
}
