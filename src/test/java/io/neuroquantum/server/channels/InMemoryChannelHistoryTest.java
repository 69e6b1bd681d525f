package io.neuroquantum.server.channels;

import java.util.Set;
import org.junit.jupiter.api.BeforeEach;

class InMemoryChannelHistoryTest extends ChannelHistoryContract {

  private InMemoryChannelHistory history;

  @BeforeEach
  void create() {
    history = new InMemoryChannelHistory(ChannelHistoryContract::policy, 64L << 20);
  }

  @Override
  protected ChannelHistory history() {
    return history;
  }

  @Override
  protected void lose(String channel) {
    // one node loses a channel by forgetting it once idle: far in the future, nobody watching
    await(history.expireIdle(System.currentTimeMillis() + 3_600_000L, Set.of()));
  }
}
