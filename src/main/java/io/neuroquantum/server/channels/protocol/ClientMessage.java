package io.neuroquantum.server.channels.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.neuroquantum.server.channels.IdempotencyKey;

/**
 * What a client may send over the WebSocket (blueprint §3.4): JSON text frames with a snake_case
 * {@code type}. Every message may carry a {@code request_id} that direct replies echo. The compact
 * constructors reject missing or invalid fields with a message meant for the client.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientMessage.Subscribe.class, name = "subscribe"),
    @JsonSubTypes.Type(value = ClientMessage.Unsubscribe.class, name = "unsubscribe"),
    @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientMessage.Publish.class, name = "publish"),
    @JsonSubTypes.Type(value = ClientMessage.ExecuteQuery.class, name = "execute_query"),
    @JsonSubTypes.Type(value = ClientMessage.CancelQuery.class, name = "cancel_query"),
    @JsonSubTypes.Type(value = ClientMessage.PauseStream.class, name = "pause_stream"),
    @JsonSubTypes.Type(value = ClientMessage.ResumeStream.class, name = "resume_stream"),
    @JsonSubTypes.Type(value = ClientMessage.SetBackpressure.class, name = "set_backpressure"),
    @JsonSubTypes.Type(value = ClientMessage.SetBatching.class, name = "set_batching"),
    @JsonSubTypes.Type(value = ClientMessage.Refresh.class, name = "refresh"),
    @JsonSubTypes.Type(value = ClientMessage.Presence.class, name = "presence")})
public sealed interface ClientMessage {

  String requestId();

  /** Where a recovering subscriber left off: the last offset it saw in that epoch. */
  record Since(@JsonProperty(required = true) Long offset, @JsonProperty(required = true) String epoch) {
    public Since {
      require(offset != null && offset >= 0, "since.offset must be a non-negative integer");
      require(epoch != null && !epoch.isEmpty(), "since.epoch is required");
    }
  }

  record Subscribe(String requestId, @JsonProperty(required = true) String channel, JsonNode filters, Since since) implements ClientMessage {
    public Subscribe {
      requireChannel(channel);
    }
  }

  record Unsubscribe(String requestId, @JsonProperty(required = true) String channel) implements ClientMessage {
    public Unsubscribe {
      requireChannel(channel);
    }
  }

  record Ping(String requestId, Long timestamp) implements ClientMessage {
  }

  /**
   * @param data the payload as it arrived (any JSON value)
   * @param idempotencyKey null, or a key that makes a retry within the window (after a reconnect, on
   *     any node) come back with the first publish's offset instead of publishing again
   */
  record Publish(String requestId, @JsonProperty(required = true) String channel, @JsonProperty(required = true) RawJson data,
      String idempotencyKey) implements ClientMessage {
    public Publish {
      requireChannel(channel);
      require(data != null, "publish needs data");
      require(IdempotencyKey.isAcceptable(idempotencyKey), IdempotencyKey.RULE);
    }
  }

  /** @param format how rows travel: "json" (default) or "cbor" (binary frames); the query adapter checks it */
  record QueryOptions(Integer batchSize, Integer batchIntervalMs, Long maxRows, Long timeoutMs, String format) {
    public QueryOptions {
      require(batchSize == null || batchSize > 0, "options.batch_size must be positive");
      require(batchIntervalMs == null || batchIntervalMs >= 0, "options.batch_interval_ms must not be negative");
      require(maxRows == null || maxRows > 0, "options.max_rows must be positive");
      require(timeoutMs == null || timeoutMs > 0, "options.timeout_ms must be positive");
    }
  }

  record ExecuteQuery(String requestId, @JsonProperty(required = true) String query, JsonNode params,
      QueryOptions options) implements ClientMessage {
    public ExecuteQuery {
      require(query != null && !query.isBlank(), "execute_query needs a query");
    }
  }

  record CancelQuery(String requestId, @JsonProperty(required = true) String queryId) implements ClientMessage {
    public CancelQuery {
      require(queryId != null && !queryId.isBlank(), "cancel_query needs a query_id");
    }
  }

  record PauseStream(String requestId, @JsonProperty(required = true) String channel) implements ClientMessage {
    public PauseStream {
      requireChannel(channel);
    }
  }

  record ResumeStream(String requestId, @JsonProperty(required = true) String channel) implements ClientMessage {
    public ResumeStream {
      requireChannel(channel);
    }
  }

  /**
   * @param maxBuffer the most messages the server may queue for this connection (bounded by its own limit)
   * @param rateLimit the most messages per second the client wants to receive (null: unlimited)
   */
  record SetBackpressure(String requestId, Integer maxBuffer, Double rateLimit) implements ClientMessage {
    public SetBackpressure {
      require(maxBuffer == null || maxBuffer > 0, "max_buffer must be positive");
      require(rateLimit == null || (rateLimit > 0 && Double.isFinite(rateLimit)), "rate_limit must be positive");
    }
  }

  /**
   * Lets the server put several messages in one frame: {@code format} {@code lines} (one JSON message
   * per line) or {@code array} (a JSON array of messages), or {@code none} to turn batching off.
   *
   * @param maxMessages the most messages per frame (capped by the server)
   * @param maxDelayMs how long the server may hold a message to fill a frame (0: only what is ready
   *     at once; capped by the server)
   */
  record SetBatching(String requestId, @JsonProperty(required = true) String format, Integer maxMessages,
      Integer maxDelayMs) implements ClientMessage {
    public SetBatching {
      require("lines".equals(format) || "array".equals(format) || "none".equals(format),
          "format must be lines, array or none");
      require(maxMessages == null || maxMessages > 0, "max_messages must be positive");
      require(maxDelayMs == null || maxDelayMs >= 0, "max_delay_ms must not be negative");
    }
  }

  /**
   * New credentials for this connection (a JWT or an API key) before the current ones expire; they
   * must name the same user with the same roles. Answered by {@code refreshed}.
   */
  record Refresh(String requestId, @JsonProperty(required = true) String token) implements ClientMessage {
    public Refresh {
      require(token != null && !token.isBlank(), "refresh needs a token");
    }

    @Override
    public String toString() {
      return "Refresh[requestId=" + requestId + ", token=…]";   // never log credentials
    }
  }

  /** Who is subscribed to a channel, on every node; for namespaces with {@code presence} on. */
  record Presence(String requestId, @JsonProperty(required = true) String channel) implements ClientMessage {
    public Presence {
      requireChannel(channel);
    }
  }

  private static void requireChannel(String channel) {
    require(channel != null && !channel.isEmpty(), "a channel is required");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new ProtocolException(ProtocolException.INVALID_MESSAGE, message);
    }
  }
}
