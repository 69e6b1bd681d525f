package io.neuroquantum.server.channels.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Reads client frames and writes server frames: the one place that knows the wire format. */
public final class ProtocolCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
      .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

  private ProtocolCodec() {
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses one text frame.
   *
   * @throws ProtocolException with a code and a reason fit for the client
   */
  public static ClientMessage decode(String frame) {
    if (frame == null || frame.isBlank()) {
      throw new ProtocolException(ProtocolException.MALFORMED_JSON, "an empty frame is not a message");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(frame);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ProtocolException.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new ProtocolException(ProtocolException.INVALID_MESSAGE, "a message must be a JSON object");
    }
    JsonNode type = tree.get("type");
    if (type == null || !type.isTextual()) {
      throw new ProtocolException(ProtocolException.MISSING_TYPE, "a message needs a string field \"type\"");
    }
    try {
      return MAPPER.treeToValue(tree, ClientMessage.class);
    } catch (InvalidTypeIdException e) {
      throw new ProtocolException(ProtocolException.UNKNOWN_TYPE, "unknown message type \"" + type.asText() + "\"");
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ProtocolException pe) {
        throw pe;
      }
      throw new ProtocolException(ProtocolException.INVALID_MESSAGE, "invalid " + type.asText() + ": "
          + (cause != null ? cause.getMessage() : e.getOriginalMessage()));
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? "message" : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw new ProtocolException(ProtocolException.INVALID_MESSAGE, "invalid " + type.asText() + ": field \""
          + field + "\" has the wrong type");
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ProtocolException(ProtocolException.INVALID_MESSAGE, "invalid " + type.asText() + ": "
          + e.getMessage());
    }
  }

  /** The JSON text of a server message. */
  public static String encode(ServerMessage message) {
    try {
      return MAPPER.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** Compact JSON text of arbitrary data (publish payloads), validated on the way. */
  public static String json(JsonNode data) {
    try {
      return MAPPER.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
