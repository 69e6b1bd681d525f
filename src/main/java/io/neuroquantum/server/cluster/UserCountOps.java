package io.neuroquantum.server.cluster;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * The changes made to a user's count in the cluster's map, each one atomic where the entry lives
 * (check and count in one step, so two nodes admitting at once cannot both pass the limit) and run
 * again on the backup. An entry whose parts are all gone is removed.
 */
final class UserCountOps {
  private UserCountOps() {
  }

  static final int FACTORY_ID = 7300;

  static void register(SerializationConfig config) {
    config.addDataSerializableFactory(FACTORY_ID, UserCountOps::create);
  }

  static IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case UserCounts.ID -> new UserCounts();
      case Admit.ID -> new Admit();
      case Release.ID -> new Release();
      case DropPart.ID -> new DropPart();
      default -> throw new IllegalArgumentException("unknown user count operation " + classId);
    };
  }

  /** A change by one member. */
  abstract static class MemberOp implements EntryProcessor<String, UserCounts, Boolean>, IdentifiedDataSerializable {
    String member;

    MemberOp() {
    }

    MemberOp(String member) {
      this.member = member;
    }

    /** Stores the counts back, or removes the entry once nothing is counted. */
    static void store(Map.Entry<String, UserCounts> entry, UserCounts counts) {
      entry.setValue(counts.isEmpty() ? null : counts);
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(member);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      member = in.readString();
    }
  }

  /** Counts one more for the member unless the user's total is at the limit: true when counted. */
  static final class Admit extends MemberOp {
    static final int ID = 2;
    int limit;

    Admit() {
    }

    Admit(String member, int limit) {
      super(member);
      this.limit = limit;
    }

    @Override
    public Boolean process(Map.Entry<String, UserCounts> entry) {
      UserCounts counts = entry.getValue() != null ? entry.getValue() : new UserCounts();
      if (!counts.tryAdd(member, limit)) {
        return Boolean.FALSE;   // unchanged
      }
      store(entry, counts);
      return Boolean.TRUE;
    }

    @Override
    public int getClassId() {
      return ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeInt(limit);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      limit = in.readInt();
    }
  }

  /** Gives one of the member's counts back. */
  static final class Release extends MemberOp {
    static final int ID = 3;

    Release() {
    }

    Release(String member) {
      super(member);
    }

    @Override
    public Boolean process(Map.Entry<String, UserCounts> entry) {
      UserCounts counts = entry.getValue();
      if (counts != null) {
        counts.release(member);
        store(entry, counts);
      }
      return Boolean.TRUE;
    }

    @Override
    public int getClassId() {
      return ID;
    }
  }

  /** Forgets the part of a member that left the cluster (every survivor runs it; the first finds it). */
  static final class DropPart extends MemberOp {
    static final int ID = 4;

    DropPart() {
    }

    DropPart(String member) {
      super(member);
    }

    @Override
    public Boolean process(Map.Entry<String, UserCounts> entry) {
      UserCounts counts = entry.getValue();
      if (counts == null || !counts.drop(member)) {
        return null;   // unchanged: nothing written
      }
      store(entry, counts);
      return Boolean.TRUE;
    }

    @Override
    public int getClassId() {
      return ID;
    }
  }
}
