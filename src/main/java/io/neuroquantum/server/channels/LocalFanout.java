package io.neuroquantum.server.channels;

import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.bus.Delivery;
import io.neuroquantum.server.bus.DeliveryCodec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Fan-out on one node: the channel manager assigns offsets in order and the event bus keeps the
 * order from one sender, so every publication goes straight to the gateway loops.
 */
public final class LocalFanout implements ChannelFanout {

  private final Vertx vertx;
  private final FanoutBacklog backlog;
  private final DeliveryOptions localDelivery = new DeliveryOptions().setLocalOnly(true).setCodecName(DeliveryCodec.NAME);

  public LocalFanout(Vertx vertx, FanoutBacklog backlog) {
    this.vertx = vertx;
    this.backlog = backlog;
  }

  /** Hands a publication to this JVM's gateway loops, counted against each loop's backlog. */
  @Override
  public void published(Delivery delivery) {
    backlog.published(delivery.frame().length);
    vertx.eventBus().publish(Addresses.FANOUT, delivery, localDelivery);
  }

  @Override
  public void watch(String channel) {
  }

  @Override
  public void unwatch(String channel) {
  }

  @Override
  public long positionSeen(String channel, ChannelHistory.Position position) {
    return -1;   // one node: a publication is handed out after it is stored, in the same turn
  }
}
