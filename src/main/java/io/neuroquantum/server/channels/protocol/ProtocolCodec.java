package io.neuroquantum.server.channels.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads client frames and writes server frames: the one place that knows the wire format.
 *
 * <p>Parsing is bounded before anything is built: nesting deeper than {@link #MAX_DEPTH}, numbers
 * longer than {@link #MAX_NUMBER_LENGTH} characters and numbers that overflow a double are refused
 * with {@code invalid_message}. A publish's {@code data} is not turned into objects: its text is
 * checked as it streams past and kept as it arrived ({@link RawJson}).
 */
public final class ProtocolCodec {

  /** Deepest nesting of objects and arrays a client frame may have (the frame itself is depth 1). */
  public static final int MAX_DEPTH = 32;
  /** Longest number, in characters, a client frame may hold. */
  public static final int MAX_NUMBER_LENGTH = 100;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(MAX_NUMBER_LENGTH).build())
      .build())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
      .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

  /** Reads one field's value out of a frame being streamed (the frame goes on after it). */
  private static final ObjectReader FIELD_READER = MAPPER.readerFor(JsonNode.class)
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
    try {
      return decodeFrame(frame);
    } catch (ProtocolException e) {
      throw e.withRequestId(requestIdOf(frame));
    }
  }

  /**
   * A string {@code request_id} anywhere in a frame that is not parsed (it failed to, or it was dropped
   * unread): best effort, linear.
   */
  private static final java.util.regex.Pattern REQUEST_ID =
      java.util.regex.Pattern.compile("\"request_id\"\\s{0,16}:\\s{0,16}\"([^\"\\\\]{1,128})\"");

  public static String requestIdOf(String frame) {
    if (frame == null) {
      return null;
    }
    java.util.regex.Matcher m = REQUEST_ID.matcher(frame);
    return m.find() ? m.group(1) : null;
  }

  private static ClientMessage decodeFrame(String frame) {
    if (frame == null || frame.isBlank()) {
      throw new ProtocolException(ProtocolException.MALFORMED_JSON, "an empty frame is not a message");
    }
    ObjectNode tree;
    try {
      tree = readFields(frame);
    } catch (StreamConstraintsException e) {
      throw new ProtocolException(ProtocolException.INVALID_MESSAGE, "too complex: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ProtocolException.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ProtocolException(ProtocolException.MALFORMED_JSON, "malformed JSON: " + e.getMessage());
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

  /**
   * The frame's top-level fields, with {@code data} captured as its own text rather than parsed
   * into a tree. Every value is checked for non-finite numbers on the way.
   */
  private static ObjectNode readFields(String frame) throws IOException {
    try (JsonParser p = MAPPER.getFactory().createParser(frame)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ProtocolException(ProtocolException.INVALID_MESSAGE, "a message must be a JSON object");
      }
      ObjectNode fields = MAPPER.createObjectNode();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken first = p.nextToken();
        if ("data".equals(name)) {
          int start = (int) p.currentTokenLocation().getCharOffset();
          checkValue(p, first);
          int end = (int) p.currentLocation().getCharOffset();
          fields.set(name, fields.pojoNode(raw(frame, start, end)));
        } else {
          JsonNode value = FIELD_READER.readValue(p);
          checkFinite(value);
          fields.set(name, value);
        }
      }
      if (p.nextToken() != null) {
        throw new ProtocolException(ProtocolException.MALFORMED_JSON, "malformed JSON: trailing content after the message");
      }
      return fields;
    }
  }

  /** Walks one value (whose first token is current), refusing non-finite numbers, ending on its last token. */
  private static void checkValue(JsonParser p, JsonToken first) throws IOException {
    int depth = 0;
    JsonToken t = first;
    while (true) {
      switch (t) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        case VALUE_NUMBER_FLOAT -> requireFinite(p.getDoubleValue());
        case VALUE_STRING -> p.finishToken();   // so the parser's position is past the closing quote
        default -> {
        }
      }
      if (depth == 0) {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
          p.finishToken();
        }
        return;
      }
      t = p.nextToken();
      if (t == null) {
        throw new ProtocolException(ProtocolException.MALFORMED_JSON, "malformed JSON: the message ends inside data");
      }
    }
  }

  private static void checkFinite(JsonNode value) {
    if (value.isFloatingPointNumber()) {
      requireFinite(value.doubleValue());
    } else if (value.isContainerNode()) {
      for (JsonNode child : value) {
        checkFinite(child);
      }
    }
  }

  private static void requireFinite(double d) {
    if (!Double.isFinite(d)) {
      throw new ProtocolException(ProtocolException.INVALID_MESSAGE, "a number is too large for a double");
    }
  }

  /**
   * The text of {@code frame[start, end)} as UTF-8. JSON allows line breaks only as whitespace, which
   * a subscriber batching messages as JSON lines cannot tell from a message boundary: such text is
   * written again compactly.
   */
  private static RawJson raw(String frame, int start, int end) throws IOException {
    String text = frame.substring(start, end);
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      return new RawJson(MAPPER.writeValueAsBytes(MAPPER.readTree(text)));
    }
    return new RawJson(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The JSON text of a server message. */
  public static String encode(ServerMessage message) {
    try {
      return MAPPER.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** The UTF-8 JSON text of a server message. */
  public static byte[] encodeBytes(ServerMessage message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** Compact JSON text of arbitrary data, validated on the way. */
  public static String json(JsonNode data) {
    try {
      return MAPPER.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
