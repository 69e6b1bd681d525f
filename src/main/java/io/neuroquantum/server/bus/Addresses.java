package io.neuroquantum.server.bus;

/**
 * Event-bus addresses: the public contract for other Vert.x services (blueprint §3.5) and the
 * internal ones, named {@code nq.internal.…}, that the server's own verticles use.
 */
public final class Addresses {
  private Addresses() {
  }

  /** Request {@code {channel, data, idempotency_key?}} → {@code {offset, epoch, duplicate}}: publish to a channel. */
  public static final String CHANNELS_PUBLISH = "nq.channels.publish";

  /**
   * Request {@code {channel, since_offset?, since_epoch?}} → {@code {channel, offset, epoch, recovered,
   * messages}}: a channel's kept history, for a bus service's recovery (docs/event-bus.md).
   */
  public static final String CHANNELS_HISTORY = "nq.channels.history";

  /** Prefix of {@code nq.channel.<channel>}: a publish per message, for namespaces configured to mirror. */
  public static final String CHANNEL_MIRROR_PREFIX = "nq.channel.";

  /** Request: a job body as for POST /api/v1/anneal/jobs (plus {@code owner}) → {@code {job_id, channel}}. */
  public static final String ANNEAL_SUBMIT = "nq.anneal.submit";
  public static final String ANNEAL_CANCEL = "nq.anneal.cancel";
  /** The REST API's submit and cancel: this node's jobs verticle (a job runs on the node that took it). */
  public static final String ANNEAL_SUBMIT_LOCAL = "nq.internal.anneal.submit";
  public static final String ANNEAL_CANCEL_LOCAL = "nq.internal.anneal.cancel";
  /**
   * Prefix of {@code nq.internal.anneal.cancel.<node>}: request {@code {job_id}} → {@code {job_id, cancelled}},
   * a cancel forwarded to the node whose record says it runs the job.
   */
  public static final String ANNEAL_CANCEL_NODE_PREFIX = "nq.internal.anneal.cancel.";
  /** Request {@code {job_id, owner?}} → the job's record (internal: the REST endpoint's read, from this node's store). */
  public static final String ANNEAL_GET = "nq.internal.anneal.get";
  /** Request {@code {owner?, limit?}} → {@code {jobs: […]}} (internal: the REST endpoint's list, from this node's store). */
  public static final String ANNEAL_LIST = "nq.internal.anneal.list";
  /** Request {@code {sql, params?, options?, owner?}} → {@code {query_id, channel}}: starts a query stream. */
  public static final String QUERY_EXECUTE = "nq.query.execute";
  /** The same request from this node's gateway: the query runs here, next to the connection that streams it. */
  public static final String QUERY_EXECUTE_LOCAL = "nq.internal.query.execute";
  /**
   * Prefixes of the addresses {@code nq.query.execute} names in its reply ({@code credit_address},
   * {@code cancel_address}): where a bus service grants credit to, or cancels, a query that runs on
   * one particular node. The rest of the address identifies that node's query adapter.
   */
  public static final String QUERY_CREDIT_PREFIX = "nq.query.credit.";
  public static final String QUERY_CANCEL_PREFIX = "nq.query.cancel.";

  /** Request {@code ChannelPublish} (by reference, this JVM only) → {@code {offset, epoch}}: the gateway's and the query adapter's publishes. */
  public static final String CHANNELS_PUBLISH_LOCAL = "nq.internal.channels.publish";

  /** Publish of {@link Delivery}: every gateway instance hands it to its local subscribers. */
  public static final String FANOUT = "nq.internal.fanout";

  /** Request {@code {channel, since_offset?, since_epoch?}} → position and missed messages. */
  public static final String CHANNELS_SUBSCRIBE = "nq.internal.channels.subscribe";

  /** Request {@code {channel, after_offset, epoch}} → messages to catch a paused stream up. */
  public static final String CHANNELS_CATCH_UP = "nq.internal.channels.catch_up";

  /** Request {@code {channel, owner}}: claims an owner-only channel for one user. */
  public static final String CHANNELS_CLAIM = "nq.internal.channels.claim";

  /**
   * Send {@code {channel, watching}}: a gateway event loop gained its first subscriber of a channel
   * (true) or lost its last (false). Channels nobody watches may expire when idle.
   */
  public static final String CHANNELS_WATCH = "nq.internal.channels.watch";

  /** Request (no body) → empty reply: the channel manager is up. For readiness. */
  public static final String CHANNELS_PING = "nq.internal.channels.ping";

  /**
   * Local publish {@code {channel}}: this node's subscribers of the channel must catch up from the
   * history (in a cluster, a publication they needed was trimmed or lost before it reached this node).
   */
  public static final String CHANNELS_RESYNC = "nq.internal.channels.resync";

  /** Publish {@code {channel, rate}}: ask client publishers of a channel to slow down. */
  public static final String SLOW_DOWN = "nq.internal.channels.slow_down";

  /** Send {@code {query_id, credits}}: the gateway may take that many more frames of the query's channel. */
  public static final String QUERY_CREDIT = "nq.internal.query.credit";

  /** Request {@code {query_id, user}} → {@code {cancelled}}: stops a query within one batch. */
  public static final String QUERY_CANCEL = "nq.internal.query.cancel";

  /** Send {@code {channel, client, user, info?}}: a connection of this node is now a subscriber in presence. */
  public static final String PRESENCE_JOIN = "nq.internal.presence.join";

  /** Send {@code {channel, client}}: the connection unsubscribed or closed. */
  public static final String PRESENCE_LEAVE = "nq.internal.presence.leave";

  /**
   * Request {@code {channel, user, roles, subscribed}} → {@code {channel, clients: [{client, user, info?}]}}:
   * who is subscribed, on every node; fails {@code "code: reason"} (400, 403, 404, 409 presence off, 503).
   */
  public static final String PRESENCE_QUERY = "nq.internal.presence.query";

  /**
   * Local publish {@code {channel, client, frame}}: a {@code join} or {@code leave} frame for this node's
   * subscribers of the channel (other than {@code client} itself).
   */
  public static final String PRESENCE_EVENTS = "nq.internal.presence.events";

  /** Where a cancel of a job that {@code node} runs is forwarded. */
  public static String annealCancelOn(String node) {
    return ANNEAL_CANCEL_NODE_PREFIX + node;
  }

  public static String mirror(String channel) {
    return CHANNEL_MIRROR_PREFIX + channel;
  }

  /**
   * Options for a message to this node's own verticles. Without them a clustered event bus selects
   * the receiving node for every message, asynchronously, so two messages to two local addresses
   * can arrive out of the order they were sent in (a subscriber's watch after its subscribe) and each
   * costs a look-up; local-only messages go straight to this node's handlers, in order.
   */
  public static io.vertx.core.eventbus.DeliveryOptions local() {
    return new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true);
  }
}
