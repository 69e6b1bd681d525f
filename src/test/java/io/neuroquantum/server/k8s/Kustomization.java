package io.neuroquantum.server.k8s;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Renders a {@code kustomization.yaml} the way {@code kubectl kustomize} does, for the subset of
 * kustomize that k8s/ uses: {@code resources} (files and directories), {@code namespace},
 * {@code images} and {@code patches} holding JSON 6902 operations. A kustomization using anything
 * else is refused rather than rendered differently from the real tool, and where kubectl is
 * installed the test suite compares both renderings.
 */
public final class Kustomization {

  private static final Set<String> UNDERSTOOD = Set.of("apiVersion", "kind", "namespace", "resources", "images", "patches");

  private Kustomization() {
  }

  /** The objects the kustomization in {@code dir} produces, in the order kustomize lists its resources. */
  public static List<JsonObject> render(Path dir) {
    JsonObject k = yaml(dir.resolve("kustomization.yaml"));
    for (String key : k.fieldNames()) {
      if (!UNDERSTOOD.contains(key)) {
        throw new IllegalArgumentException(dir + ": kustomization field " + key + " is not rendered by this test helper");
      }
    }
    List<JsonObject> objects = new ArrayList<>();
    for (Object r : k.getJsonArray("resources", new JsonArray())) {
      Path path = dir.resolve(r.toString()).normalize();
      if (Files.isDirectory(path)) {
        objects.addAll(render(path));
      } else {
        objects.add(yaml(path));
      }
    }
    String namespace = k.getString("namespace");
    for (JsonObject o : objects) {
      if (namespace != null) {
        o.getJsonObject("metadata").put("namespace", namespace);
      }
      setImages(o, k.getJsonArray("images", new JsonArray()));
    }
    for (Object p : k.getJsonArray("patches", new JsonArray())) {
      JsonObject patch = (JsonObject) p;
      JsonObject target = patch.getJsonObject("target");
      List<Object> operations = yamlList(dir.resolve(patch.getString("path")));
      int matched = 0;
      for (JsonObject o : objects) {
        if (o.getString("kind").equals(target.getString("kind"))
            && o.getJsonObject("metadata").getString("name").equals(target.getString("name"))) {
          JsonPatch.apply(o, operations);
          matched++;
        }
      }
      if (matched == 0) {
        throw new IllegalArgumentException(dir + ": patch " + patch.getString("path") + " matches no object");
      }
    }
    return objects;
  }

  /** The images transformer: containers whose image is {@code name} (with or without a tag) get the new name/tag. */
  private static void setImages(JsonObject object, JsonArray images) {
    JsonObject podSpec = podSpec(object);
    if (podSpec == null) {
      return;
    }
    for (Object c : podSpec.getJsonArray("containers", new JsonArray())) {
      JsonObject container = (JsonObject) c;
      String image = container.getString("image");
      String name = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
      String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : null;
      for (Object i : images) {
        JsonObject rule = (JsonObject) i;
        if (rule.getString("name").equals(name)) {
          String newName = rule.getString("newName", name);
          String newTag = rule.getString("newTag", tag);
          container.put("image", newTag == null ? newName : newName + ":" + newTag);
        }
      }
    }
  }

  /** The pod template's spec of a workload, or null for other kinds. */
  public static JsonObject podSpec(JsonObject object) {
    JsonObject spec = object.getJsonObject("spec");
    if (spec == null || spec.getJsonObject("template") == null) {
      return null;
    }
    return spec.getJsonObject("template").getJsonObject("spec");
  }

  public static JsonObject yaml(Path file) {
    Object loaded = load(file);
    if (!(loaded instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + " holds no YAML mapping");
    }
    return toJson(map);
  }

  static List<Object> yamlList(Path file) {
    Object loaded = load(file);
    if (!(loaded instanceof List<?> list)) {
      throw new IllegalArgumentException(file + " holds no YAML list");
    }
    return new JsonArray(new ArrayList<>(list)).copy().getList();
  }

  /** Every document of a multi-document YAML text (kubectl's output). */
  public static List<JsonObject> yamlDocuments(String text) {
    List<JsonObject> documents = new ArrayList<>();
    for (Object d : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
      if (d instanceof Map<?, ?> map) {
        documents.add(toJson(map));
      }
    }
    return documents;
  }

  private static Object load(Path file) {
    try {
      return new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static JsonObject toJson(Map<?, ?> map) {
    return new JsonObject((Map<String, Object>) map).copy();   // copy: nested maps and lists become JsonObject/JsonArray
  }
}
