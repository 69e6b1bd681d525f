package io.neuroquantum.server.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.neuroquantum.server.presence.PresenceClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel's subscribers in the cluster's presence map: per connection, who it is, the member
 * (node) it is connected to, and until when the entry counts without being renewed. Each member
 * owns its part: it adds and removes its connections and rewrites its whole part periodically;
 * when a member leaves, the survivors drop its part. Plain logic; {@link PresenceOps} runs it where
 * the entry lives.
 */
final class ChannelPresence implements IdentifiedDataSerializable {

  static final int ID = 1;

  /** One connection's entry. */
  record Entry(PresenceClient who, String member, long expiresAtMs) {
  }

  private final LinkedHashMap<String, Entry> byClient = new LinkedHashMap<>();

  void put(String member, PresenceClient who, long expiresAtMs) {
    byClient.put(who.client(), new Entry(who, member, expiresAtMs));
  }

  boolean remove(String client) {
    return byClient.remove(client) != null;
  }

  /** Makes {@code clients} the member's whole part: its other entries go, these are renewed. */
  void replacePart(String member, Collection<PresenceClient> clients, long expiresAtMs) {
    byClient.values().removeIf(e -> e.member().equals(member));
    for (PresenceClient who : clients) {
      put(member, who, expiresAtMs);
    }
  }

  /** Removes the part of a member that left the cluster; returns who was in it. */
  List<PresenceClient> dropPart(String member) {
    List<PresenceClient> dropped = new ArrayList<>();
    for (Iterator<Entry> it = byClient.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.member().equals(member)) {
        dropped.add(e.who());
        it.remove();
      }
    }
    return dropped;
  }

  /** Forgets entries whose member stopped renewing them (a departure nobody saw). */
  void pruneExpired(long nowMs) {
    byClient.values().removeIf(e -> e.expiresAtMs() <= nowMs);
  }

  /** The subscribers whose entries still count at {@code nowMs}. */
  List<PresenceClient> live(long nowMs) {
    List<PresenceClient> out = new ArrayList<>(byClient.size());
    for (Entry e : byClient.values()) {
      if (e.expiresAtMs() > nowMs) {
        out.add(e.who());
      }
    }
    return out;
  }

  boolean isEmpty() {
    return byClient.isEmpty();
  }

  Map<String, Entry> entries() {
    return java.util.Collections.unmodifiableMap(byClient);
  }

  @Override
  public int getFactoryId() {
    return PresenceOps.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return ID;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(byClient.size());
    for (Entry e : byClient.values()) {
      PresenceOps.writeClient(out, e.who());
      out.writeString(e.member());
      out.writeLong(e.expiresAtMs());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      PresenceClient who = PresenceOps.readClient(in);
      put(in.readString(), who, in.readLong());
    }
  }
}
