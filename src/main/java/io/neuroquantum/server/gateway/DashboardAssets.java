package io.neuroquantum.server.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's files (clients/typescript/dashboard, built into {@code webroot/} of the jar by
 * the Maven build), served at {@code /} from memory. They are read once at start from the class
 * path, listed by {@code webroot/assets.txt}: a few hundred KB, and no file cache on disk (Vert.x's
 * StaticHandler would unpack a jar's files into a {@code .vertx} folder in the working directory,
 * which the container's user cannot write). A jar built without the dashboard answers {@code /}
 * with 404 saying so. Nothing here is privileged: the page uses the same protocol as any client.
 */
final class DashboardAssets {

  private static final String ROOT = "webroot/";
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
      "png", "image/png", "txt", "text/plain; charset=utf-8");
  /** Scripts only from this server; styles may be inline (the charts' legend colours). */
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

  private final Map<String, Buffer> files = new HashMap<>();

  private DashboardAssets() {
  }

  /** The files listed in {@code webroot/assets.txt}; none when the jar was built without the dashboard. */
  static DashboardAssets load() {
    DashboardAssets assets = new DashboardAssets();
    ClassLoader loader = DashboardAssets.class.getClassLoader();
    try (InputStream list = loader.getResourceAsStream(ROOT + "assets.txt")) {
      if (list == null) {
        return assets;
      }
      for (String name : new String(list.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (name.isBlank()) {
          continue;
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
          if (in == null) {
            throw new IllegalStateException("webroot/assets.txt lists " + name + ", which is not in the jar");
          }
          assets.files.put("/" + name, Buffer.buffer(in.readAllBytes()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return assets;
  }

  void mount(Router router) {
    router.get("/").handler(ctx -> serve(ctx, "/index.html"));
    router.get("/*").handler(ctx -> {
      if (files.containsKey(ctx.normalizedPath())) {
        serve(ctx, ctx.normalizedPath());
      } else {
        ctx.next();   // the API's routes, then the JSON 404
      }
    });
  }

  private void serve(RoutingContext ctx, String path) {
    Buffer body = files.get(path);
    if (body == null) {
      GatewayVerticle.error(ctx, 404, "not_found", "this jar was built without the dashboard (-DskipDashboard, or no npm)");
      return;
    }
    String ext = path.substring(path.lastIndexOf('.') + 1);
    ctx.response().putHeader("content-type", TYPES.getOrDefault(ext, "application/octet-stream"))
        // the files change only with the jar: revalidation is cheap and a new jar is never shadowed
        .putHeader("cache-control", "no-cache")
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("content-security-policy", CSP)
        .end(body);
  }
}
