package io.neuroquantum.server.gateway;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open a WebSocket to this server, by their {@code Origin} header (browsers
 * always send it on a WebSocket handshake; other clients normally send none and are not affected).
 * This is what stops a page on another site from using a visitor's browser to connect
 * (cross-site WebSocket hijacking).
 *
 * <p>Allowed: a request without {@code Origin}; the same origin as the request's {@code Host}; the
 * origins listed in {@code http.allowed_origins} (scheme, host and port, compared case-insensitively,
 * default ports optional; {@code "*"} allows every origin and must be written out); and, when
 * anonymous access is on (local development), pages served from the loopback host
 * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) on any port. Everything else, including
 * {@code Origin: null} (sandboxed frames, {@code file:} pages) unless {@code "null"} is listed, is
 * refused.
 */
final class OriginPolicy {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

  private final boolean any;
  private final Set<String> listed;
  private final boolean loopback;

  OriginPolicy(List<String> allowedOrigins, boolean allowLoopback) {
    this.any = allowedOrigins.contains("*");
    this.listed = allowedOrigins.stream().map(OriginPolicy::normalize).filter(o -> o != null)
        .collect(Collectors.toUnmodifiableSet());
    this.loopback = allowLoopback;
  }

  boolean allowsAny() {
    return any;
  }

  /**
   * @param origin the request's {@code Origin} header, or null
   * @param host the request's {@code Host} header (its authority), or null
   */
  boolean allows(String origin, String host) {
    if (origin == null || any) {
      return true;
    }
    String normalized = normalize(origin);
    if (normalized == null) {
      return false;
    }
    if (listed.contains(normalized)) {
      return true;
    }
    if ("null".equals(normalized)) {
      return false;
    }
    URI uri = URI.create(normalized);
    String originHost = bare(uri.getHost());
    int originPort = uri.getPort();
    if (loopback && LOOPBACK.contains(originHost) && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      return true;
    }
    return host != null && sameAuthority(originHost, originPort, uri.getScheme(), host);
  }

  /** {@code scheme://host[:port]} in lower case with the scheme's default port left out; null if not an origin. */
  static String normalize(String origin) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    if (o.equals("null")) {
      return o;
    }
    while (o.endsWith("/")) {
      o = o.substring(0, o.length() - 1);
    }
    try {
      URI uri = new URI(o);
      String scheme = uri.getScheme();
      if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null
          || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        return null;
      }
      int port = uri.getPort();
      boolean defaultPort = port == -1 || port == defaultPort(scheme);
      return scheme + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static boolean sameAuthority(String originHost, int originPort, String scheme, String hostHeader) {
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    String hostName;
    int hostPort = -1;
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) {
        return false;
      }
      hostName = h.substring(1, close);
      if (h.length() > close + 1) {
        if (h.charAt(close + 1) != ':') {
          return false;
        }
        hostPort = parsePort(h.substring(close + 2));
      }
    } else {
      int colon = h.lastIndexOf(':');
      hostName = colon < 0 ? h : h.substring(0, colon);
      if (colon >= 0) {
        hostPort = parsePort(h.substring(colon + 1));
      }
    }
    int def = defaultPort(scheme);
    int op = originPort == -1 ? def : originPort;
    int hp = hostPort == -1 ? def : hostPort;
    return op != -2 && hp != -2 && hostName.equals(originHost) && op == hp;
  }

  private static int parsePort(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -2;
    }
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      default -> -1;
    };
  }

  private static String bare(String host) {
    return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
