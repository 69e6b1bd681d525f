package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.neuroquantum.server.channels.protocol.ClientMessage;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript client's protocol types are generated from the server's sealed records, so the two
 * cannot drift apart: this test regenerates them and fails if the committed file differs. Update it
 * with {@code ./mvnw test -Dtest=ProtocolTypeScriptTest -Dnq.updateGenerated=true}.
 */
class ProtocolTypeScriptTest {

  static final Path GENERATED = Path.of("clients/typescript/src/protocol.generated.ts");
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  @Test
  void typescript_protocol_types_match_the_server_records() throws Exception {
    String generated = generate();
    if (Boolean.getBoolean("nq.updateGenerated")) {
      Files.writeString(GENERATED, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(GENERATED, StandardCharsets.UTF_8))
        .as("clients/typescript/src/protocol.generated.ts is out of date; regenerate it (see this test's comment)")
        .isEqualTo(generated);
  }

  static String generate() {
    StringBuilder out = new StringBuilder();
    out.append("// Generated from the server's protocol records (io.neuroquantum.server.channels.protocol)\n")
        .append("// by ProtocolTypeScriptTest. Do not edit: regenerate instead.\n\n");
    Set<Class<?>> nested = new LinkedHashSet<>();
    List<String> client = section(out, ClientMessage.class, nested, false);
    List<String> server = section(out, ServerMessage.class, nested, true);
    for (Class<?> c : nested) {
      out.append("export interface ").append(c.getSimpleName()).append(" {\n");
      for (RecordComponent rc : c.getRecordComponents()) {
        out.append("  ").append(SNAKE.translate(rc.getName())).append(optional(rc, !isServerRecord(c)) ? "?: " : ": ")
            .append(tsType(rc.getGenericType(), rc, nested)).append(";\n");
      }
      out.append("}\n\n");
    }
    out.append("export type ClientMessage =\n  | ").append(String.join("\n  | ", client)).append(";\n\n");
    out.append("export type ServerMessage =\n  | ").append(String.join("\n  | ", server)).append(";\n\n");
    out.append("export type ServerMessageType = ServerMessage[\"type\"];\n\n");
    out.append("/** The server message of a given type. */\n")
        .append("export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;\n");
    return out.toString();
  }

  private static List<String> section(StringBuilder out, Class<?> sealed, Set<Class<?>> nested, boolean server) {
    List<String> names = new ArrayList<>();
    for (JsonSubTypes.Type t : sealed.getAnnotation(JsonSubTypes.class).value()) {
      Class<?> c = t.value();
      String simple = c.getSimpleName();
      String name = server ? (simple.endsWith("Message") ? simple : simple + "Message") : simple + "Request";
      names.add(name);
      out.append("export interface ").append(name).append(" {\n");
      out.append("  type: \"").append(t.name()).append("\";\n");
      for (RecordComponent rc : c.getRecordComponents()) {
        out.append("  ").append(SNAKE.translate(rc.getName())).append(optional(rc, !server) ? "?: " : ": ")
            .append(tsType(rc.getGenericType(), rc, nested)).append(";\n");
      }
      if (server && t.name().startsWith("query_") && !hasComponent(c, "channel")) {
        out.append("  /** Set when the frame arrives on its query channel. */\n  channel?: string;\n");
      }
      if (server && t.name().startsWith("query_")) {
        out.append("  offset?: number;\n  epoch?: string;\n");
      }
      out.append("}\n\n");
    }
    return names;
  }

  private static boolean hasComponent(Class<?> c, String name) {
    for (RecordComponent rc : c.getRecordComponents()) {
      if (rc.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Client fields are required when marked {@code @JsonProperty(required = true)}. Server fields are
   * always sent except {@code request_id}, boxed values (which the records use exactly where null is
   * meaningful) and fields marked {@code @JsonInclude(NON_NULL)}.
   */
  private static boolean optional(RecordComponent rc, boolean clientSide) {
    if (clientSide) {
      var p = rc.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
      var f = fieldAnnotation(rc, com.fasterxml.jackson.annotation.JsonProperty.class);
      return !((p != null && p.required()) || (f != null && f.required()));
    }
    return rc.getName().equals("requestId") || (!rc.getType().isPrimitive() && rc.getType() != String.class
        && !List.class.isAssignableFrom(rc.getType()) && !rc.getType().isRecord()
        && !Map.class.isAssignableFrom(rc.getType()))
        || fieldAnnotation(rc, com.fasterxml.jackson.annotation.JsonInclude.class) != null
        || rc.getAccessor().isAnnotationPresent(com.fasterxml.jackson.annotation.JsonInclude.class);
  }

  private static <A extends java.lang.annotation.Annotation> A fieldAnnotation(RecordComponent rc, Class<A> type) {
    A onComponent = rc.getAnnotation(type);
    if (onComponent != null) {
      return onComponent;
    }
    try {
      return rc.getDeclaringRecord().getDeclaredField(rc.getName()).getAnnotation(type);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static boolean isServerRecord(Class<?> c) {
    return c.getEnclosingClass() == ServerMessage.class;
  }

  private static String tsType(Type type, RecordComponent rc, Set<Class<?>> nested) {
    if (rc != null && rc.getAccessor().isAnnotationPresent(JsonRawValue.class)) {
      return "unknown";
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (List.class.isAssignableFrom(raw)) {
        return tsType(p.getActualTypeArguments()[0], null, nested) + "[]";
      }
      if (Map.class.isAssignableFrom(raw)) {
        return "Record<string, unknown>";
      }
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return "string";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "boolean";
    }
    if (c.isPrimitive() || Number.class.isAssignableFrom(c)) {
      return "number";
    }
    if (JsonNode.class.isAssignableFrom(c) || c == io.neuroquantum.server.channels.protocol.RawJson.class) {
      return "unknown";
    }
    if (c.isRecord()) {
      nested.add(c);
      return c.getSimpleName();
    }
    return "unknown";
  }
}
