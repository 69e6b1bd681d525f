package io.neuroquantum.server.cluster;

import io.neuroquantum.server.channels.ChannelHistory;
import io.neuroquantum.server.channels.ChannelLog;
import java.util.Arrays;

/**
 * What a channel becomes when the two sides of a split cluster meet again, each with its own copy.
 * The rule is the one clients rely on: one (epoch, offset) names one message everywhere. So:
 * <ul>
 *   <li>one copy only, or different epochs (one side had lost the channel and began it again): each
 *       copy is coherent on its own, the surviving cluster's is kept, and the other side's
 *       subscribers see the epoch change ({@code recovered: false});</li>
 *   <li>same epoch and one copy extends the other (only one side published meanwhile): the longer
 *       one is kept, and the other side's subscribers are filled from it as after any gap;</li>
 *   <li>same epoch and both sides numbered different messages alike (or it cannot be told, because
 *       the message at the shorter copy's last offset is no longer kept): the surviving cluster's
 *       history is kept under a new epoch, so nobody can mistake one side's offsets for the
 *       other's. Every subscriber is told {@code recovered: false}.</li>
 * </ul>
 * The owner survives from whichever copy had one (the surviving cluster's if both did).
 */
final class ChannelMerge {
  private ChannelMerge() {
  }

  /**
   * @param existing the surviving (larger) cluster's copy, or null
   * @param merging the joining side's copy, or null
   * @param newEpoch the epoch to use if the copies disagree
   * @return one of the two copies (possibly given the other's owner) or a re-epoched copy of {@code existing}
   */
  static ChannelLog reconcile(ChannelLog existing, ChannelLog merging, String newEpoch) {
    if (existing == null || merging == null) {
      return existing != null ? existing : merging;
    }
    if (!existing.epoch().equals(merging.epoch())) {
      return withOwner(existing, merging);
    }
    boolean existingLonger = existing.offset() >= merging.offset();
    ChannelLog longer = existingLonger ? existing : merging;
    ChannelLog shorter = existingLonger ? merging : existing;
    if (extendsCopy(longer, shorter)) {
      return withOwner(longer, shorter);
    }
    String owner = existing.owner() != null ? existing.owner() : merging.owner();
    return existing.withEpoch(newEpoch, merging.lastActivityMs(), owner);
  }

  /** Whether {@code longer} holds the message {@code shorter} ended with: then it is the same history, further on. */
  private static boolean extendsCopy(ChannelLog longer, ChannelLog shorter) {
    if (shorter.offset() == 0) {
      return true;   // nothing was ever numbered on the shorter side
    }
    ChannelHistory.Entry last = shorter.entryAt(shorter.offset());
    ChannelHistory.Entry same = longer.entryAt(shorter.offset());
    return last != null && same != null && last.timestampMs() == same.timestampMs()
        && Arrays.equals(last.data(), same.data());
  }

  private static ChannelLog withOwner(ChannelLog kept, ChannelLog other) {
    if (kept.owner() == null && other.owner() != null) {
      kept.claim(other.owner());   // kept is the merge's own deserialized copy
    }
    return kept;
  }
}
