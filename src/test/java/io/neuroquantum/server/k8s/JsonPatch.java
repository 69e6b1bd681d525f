package io.neuroquantum.server.k8s;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** RFC 6902 {@code add}, {@code replace} and {@code remove} on a JSON tree, as kustomize applies them. */
public final class JsonPatch {

  private JsonPatch() {
  }

  public static void apply(JsonObject document, List<Object> operations) {
    for (Object o : operations) {
      JsonObject op = (JsonObject) o;
      apply(document, op.getString("op"), op.getString("path"), op.getValue("value"));
    }
  }

  private static void apply(JsonObject document, String op, String path, Object value) {
    String[] tokens = path.substring(1).split("/", -1);
    Object parent = document;
    for (int i = 0; i < tokens.length - 1; i++) {
      parent = child(parent, unescape(tokens[i]), path);
    }
    String last = unescape(tokens[tokens.length - 1]);
    Object copy = value instanceof JsonObject j ? j.copy() : value instanceof JsonArray a ? a.copy() : value;
    if (parent instanceof JsonObject object) {
      if (!op.equals("add") && !object.containsKey(last)) {
        throw new IllegalArgumentException(op + " " + path + ": no such member");
      }
      switch (op) {
        case "add", "replace" -> object.put(last, copy);
        case "remove" -> object.remove(last);
        default -> throw new IllegalArgumentException("unsupported patch operation " + op);
      }
    } else if (parent instanceof JsonArray array) {
      int index = last.equals("-") ? array.size() : Integer.parseInt(last);
      switch (op) {
        case "add" -> array.getList().add(index, copy);
        case "replace" -> array.set(index, copy);
        case "remove" -> array.remove(index);
        default -> throw new IllegalArgumentException("unsupported patch operation " + op);
      }
    } else {
      throw new IllegalArgumentException(op + " " + path + ": the parent is no object or array");
    }
  }

  private static Object child(Object parent, String token, String path) {
    Object child = parent instanceof JsonObject o ? o.getValue(token)
        : parent instanceof JsonArray a ? a.getValue(Integer.parseInt(token)) : null;
    if (child == null) {
      throw new IllegalArgumentException(path + ": nothing at " + token);
    }
    return child;
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }
}
