package io.neuroquantum.server.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest checked against the Kubernetes API types of fabric8's kubernetes-model: it must parse
 * into the typed class of its apiVersion and kind (an unknown kind or apiVersion parses only as a
 * generic resource), every value must have its field's type, and no field may be unknown to the
 * model (fabric8 keeps those in {@code additionalProperties} rather than failing, so they are
 * looked for everywhere in the parsed object), and every quantity must parse.
 */
public final class TypedManifest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private TypedManifest() {
  }

  /** The typed object, or an {@link AssertionError} saying what the API would refuse and where. */
  public static HasMetadata parse(String origin, JsonObject manifest) {
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(manifest.encode());
    } catch (RuntimeException e) {
      throw new AssertionError(origin + ": not a valid " + manifest.getString("kind") + ": " + e.getMessage(), e);
    }
    if (!(parsed instanceof HasMetadata typed) || parsed instanceof GenericKubernetesResource) {
      throw new AssertionError(origin + ": " + manifest.getString("apiVersion") + " " + manifest.getString("kind")
          + " is no kind of the Kubernetes API");
    }
    List<String> problems = new ArrayList<>();
    walk(typed, manifest.getString("kind"), problems, new IdentityHashMap<>());
    if (!problems.isEmpty()) {
      throw new AssertionError(origin + ": " + String.join("; ", problems));
    }
    return typed;
  }

  private static void walk(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
    if (value == null || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", problems, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", problems, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;   // strings, numbers, booleans
    }
    if (value instanceof Quantity q) {
      try {
        Quantity.getAmountInBytes(q);
      } catch (RuntimeException e) {
        problems.add(path + ": " + q + " is no quantity");
      }
    }
    for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        f.setAccessible(true);
        Object fieldValue;
        try {
          fieldValue = f.get(value);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (f.getName().equals("additionalProperties")) {
          if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
            problems.add(path + ": unknown field(s) " + extra.keySet());
          }
        } else {
          walk(fieldValue, path + "." + f.getName(), problems, seen);
        }
      }
    }
  }
}
