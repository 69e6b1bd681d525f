package io.neuroquantum.server.channels.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * What the server sends (blueprint §3.4). {@code data} and {@code row} payloads are carried as raw
 * JSON text, so a published message is encoded once and written to every subscriber as it is.
 * Null fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.Connected.class, name = "connected"),
    @JsonSubTypes.Type(value = ServerMessage.Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = ServerMessage.SubscriptionConfirmed.class, name = "subscription_confirmed"),
    @JsonSubTypes.Type(value = ServerMessage.SubscriptionError.class, name = "subscription_error"),
    @JsonSubTypes.Type(value = ServerMessage.Unsubscribed.class, name = "unsubscribed"),
    @JsonSubTypes.Type(value = ServerMessage.Published.class, name = "published"),
    @JsonSubTypes.Type(value = ServerMessage.ChannelMessage.class, name = "message"),
    @JsonSubTypes.Type(value = ServerMessage.QueryStarted.class, name = "query_started"),
    @JsonSubTypes.Type(value = ServerMessage.QueryProgress.class, name = "query_progress"),
    @JsonSubTypes.Type(value = ServerMessage.QueryRow.class, name = "query_row"),
    @JsonSubTypes.Type(value = ServerMessage.QueryBatch.class, name = "query_batch"),
    @JsonSubTypes.Type(value = ServerMessage.QueryCompleted.class, name = "query_completed"),
    @JsonSubTypes.Type(value = ServerMessage.QueryError.class, name = "query_error"),
    @JsonSubTypes.Type(value = ServerMessage.MetricsUpdate.class, name = "metrics_update"),
    @JsonSubTypes.Type(value = ServerMessage.AlertNotification.class, name = "alert_notification"),
    @JsonSubTypes.Type(value = ServerMessage.BackpressureWarning.class, name = "backpressure_warning"),
    @JsonSubTypes.Type(value = ServerMessage.SlowDown.class, name = "slow_down"),
    @JsonSubTypes.Type(value = ServerMessage.BatchingSet.class, name = "batching_set"),
    @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerMessage.Refreshed.class, name = "refreshed"),
    @JsonSubTypes.Type(value = ServerMessage.TokenExpiring.class, name = "token_expiring"),
    @JsonSubTypes.Type(value = ServerMessage.PresenceResult.class, name = "presence_result"),
    @JsonSubTypes.Type(value = ServerMessage.Join.class, name = "join"),
    @JsonSubTypes.Type(value = ServerMessage.Leave.class, name = "leave")})
public sealed interface ServerMessage {

  /**
   * @param expiresAt when the connection's credentials expire (epoch ms): the server closes it with
   *     4401 then, unless the client sent {@code refresh}; absent when they do not expire
   */
  record Connected(String connectionId, long serverTime, String user, Long expiresAt) implements ServerMessage {
  }

  record Pong(String requestId, Long timestamp, long serverTime) implements ServerMessage {
  }

  /**
   * @param offset the channel's current offset: the last message the subscriber has now seen
   * @param recovered set when the subscribe asked for recovery: true when every missed message followed
   */
  record SubscriptionConfirmed(String requestId, String channel, int historySize, long offset, String epoch,
      Boolean recovered) implements ServerMessage {
  }

  record SubscriptionError(String requestId, String channel, ErrorBody error) implements ServerMessage {
  }

  /** Reply to unsubscribe (a protocol extension, see docs/protocol.md). */
  record Unsubscribed(String requestId, String channel) implements ServerMessage {
  }

  /**
   * Reply to publish with the offset the message got (a protocol extension, see docs/protocol.md);
   * {@code duplicate} is true (otherwise absent) when its idempotency key was used within the window:
   * the offset is the first publish's, and nothing was stored or delivered again.
   */
  record Published(String requestId, String channel, long offset, String epoch, Boolean duplicate) implements ServerMessage {
  }

  record ChannelMessage(String channel, long offset, String epoch, @JsonRawValue String data) implements ServerMessage {
  }

  record QueryStarted(String requestId, String queryId, String channel, List<String> columns, Long estimatedRows)
      implements ServerMessage {
  }

  record QueryProgress(String queryId, long rowsProcessed, Double percent) implements ServerMessage {
  }

  record QueryRow(String queryId, @JsonRawValue String row) implements ServerMessage {
  }

  record QueryBatch(String queryId, @JsonRawValue String rows) implements ServerMessage {
  }

  record QueryCompleted(String queryId, long totalRows, long durationMs) implements ServerMessage {
  }

  /** {@code query_id} is absent when the query never started. */
  record QueryError(String requestId, @JsonInclude(JsonInclude.Include.NON_NULL) String queryId, ErrorBody error)
      implements ServerMessage {
  }

  record MetricsUpdate(Map<String, Object> metrics) implements ServerMessage {
  }

  record AlertNotification(String severity, String message) implements ServerMessage {
  }

  /** @param bufferUsage fraction of this connection's outbound buffer in use, 0..1 */
  record BackpressureWarning(double bufferUsage, String channel, String action) implements ServerMessage {
  }

  /** @param newRate messages per second the client should not exceed */
  record SlowDown(double newRate) implements ServerMessage {
  }

  /** Reply to {@code set_batching} with what the server granted (its caps may lower what was asked). */
  record BatchingSet(String requestId, String format, int maxMessages, int maxDelayMs) implements ServerMessage {
  }

  record Error(String requestId, String code, String message) implements ServerMessage {
  }

  /**
   * Reply to refresh: the connection now runs on the new credentials.
   *
   * @param expiresAt when they expire (epoch ms); absent when they do not (an API key)
   */
  record Refreshed(String requestId, Long expiresAt) implements ServerMessage {
  }

  /**
   * Sent once, {@code auth.expiry_warning_ms} before the connection's credentials expire (at once when
   * less remains): send {@code refresh} with a new token before {@code expires_at} (epoch ms), or the
   * connection is closed with 4401.
   */
  record TokenExpiring(long expiresAt) implements ServerMessage {
  }

  record ErrorBody(String code, String message) {
  }

  /**
   * One subscriber of a channel as presence shows it: its connection id, its user, and the
   * {@code info} claim of its token (any JSON; absent when the token has none).
   */
  record ClientInfo(String client, String user, @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String info) {
  }

  /**
   * Reply to {@code presence}: the connections subscribed to the channel, on every node, at most
   * {@code channels.presence_max_clients} of them; {@code total} counts them all, and
   * {@code truncated} is true when {@code clients} lists fewer.
   */
  record PresenceResult(String requestId, String channel, List<ClientInfo> clients, int total, boolean truncated)
      implements ServerMessage {
  }

  /**
   * Someone subscribed to a channel of a {@code join_leave} namespace (sent to its other subscribers,
   * at most once: a subscriber whose buffer is full misses it).
   */
  record Join(String channel, String client, String user, @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String info)
      implements ServerMessage {
  }

  /** Someone unsubscribed, disconnected, or was on a node that left the cluster (as {@link Join}). */
  record Leave(String channel, String client, String user, @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String info)
      implements ServerMessage {
  }
}
