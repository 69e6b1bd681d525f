package io.neuroquantum.server.channels.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A JSON value kept as the UTF-8 text it arrived as (validated, on one line): a published payload
 * travels to history and to every subscriber without being parsed into objects and written again.
 */
@JsonDeserialize(using = RawJson.Deserializer.class)
public record RawJson(byte[] utf8) {

  public String text() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return text();
  }

  /**
   * {@link ProtocolCodec} hands the captured text over as an embedded object; any other source (a
   * value read by plain Jackson) is parsed and written compactly.
   */
  static final class Deserializer extends JsonDeserializer<RawJson> {
    @Override
    public RawJson deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT && p.getEmbeddedObject() instanceof RawJson raw) {
        return raw;
      }
      JsonNode tree = p.readValueAsTree();
      return new RawJson(ProtocolCodec.mapper().writeValueAsBytes(tree));
    }

    @Override
    public RawJson getNullValue(DeserializationContext ctx) {
      return new RawJson("null".getBytes(StandardCharsets.US_ASCII));
    }
  }
}
