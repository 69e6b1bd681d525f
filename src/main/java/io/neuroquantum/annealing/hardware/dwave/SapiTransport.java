package io.neuroquantum.annealing.hardware.dwave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.hardware.HardwareException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * HTTP to SAPI and nothing else: the token header, versioned media types, compressed bodies,
 * retries and the circuit breaker, and the mapping of SAPI's error replies to
 * {@link HardwareException}s carrying SAPI's own reason.
 *
 * <p>What is retried: a 429 (the request was refused, not run, so even a problem submit is safe to
 * send again) after the server's {@code Retry-After}; a 5xx or an I/O failure only for requests that
 * may be repeated (GET, DELETE), as dwave-cloud-client decided in its issue 414, since a submit that
 * failed on the way back may have created a problem.
 */
final class SapiTransport {

  static final ObjectMapper JSON = new ObjectMapper();

  /** One request. {@code accept} null means plain JSON (the upload calls have no versioned type). */
  record Request(String method, String path, String accept, byte[] body, String contentType,
      Map<String, String> headers, boolean compress) {

    static Request get(String path, String accept) {
      return new Request("GET", path, accept, null, null, Map.of(), false);
    }

    static Request json(String method, String path, String accept, JsonNode body, boolean compress) {
      try {
        return new Request(method, path, accept, JSON.writeValueAsBytes(body), "application/json", Map.of(), compress);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    boolean repeatable() {
      return method.equals("GET") || method.equals("DELETE") || method.equals("PUT");
    }
  }

  record Response(int status, JsonNode body) {
  }

  private final DWaveConfig config;
  private final HttpClient http;
  private final Backoff backoff;
  private final CircuitBreaker breaker;

  SapiTransport(DWaveConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    this.backoff = new Backoff(config.backoffBase(), config.backoffMax());
    this.breaker = new CircuitBreaker(config.breakerThreshold(), config.breakerCooldown(), System::nanoTime);
  }

  /** Sends the request, retrying what may be retried, and returns the decoded 2xx JSON reply. */
  Response send(Request request) throws HardwareException {
    HardwareException last = null;
    for (int attempt = 0; attempt < config.maxAttempts(); attempt++) {
      if (!breaker.allow()) {
        throw new HardwareException("D-Wave SAPI is failing repeatedly (" + config.breakerThreshold()
            + " failed requests in a row); not sending for up to " + config.breakerCooldown().toSeconds() + " s"
            + (last == null ? "" : "; last error: " + last.getMessage()), true);
      }
      Duration retryAfter = null;
      try {
        HttpResponse<byte[]> response = http.send(build(request), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        byte[] body = decompress(response.body(), response.headers().firstValue("Content-Encoding").orElse(""));
        if (status >= 200 && status < 300) {
          breaker.onSuccess();
          return new Response(status, parseReply(request, response, body));
        }
        last = error(status, body);
        if (status == 429) {
          breaker.onSuccess(); // the service is up, it only wants us slower
          retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
        } else if (status >= 500) {
          breaker.onFailure();
          if (!request.repeatable()) {
            throw last;
          }
        } else {
          breaker.onSuccess();
          throw last; // 4xx: the request is wrong, sending it again will not help
        }
      } catch (IOException e) {
        breaker.onFailure();
        last = new HardwareException("could not reach D-Wave SAPI at " + config.endpoint().getHost() + ": "
            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + scrub(e.getMessage())), true);
        if (!request.repeatable()) {
          throw last;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HardwareException("interrupted while talking to D-Wave SAPI", true);
      }
      if (attempt + 1 < config.maxAttempts()) {
        sleep(backoff.delay(attempt, retryAfter));
      }
    }
    throw last;
  }

  private HttpRequest build(Request request) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(resolve(request.path()))
        .timeout(config.requestTimeout())
        .header("X-Auth-Token", config.token())
        .header("Accept-Encoding", "gzip, deflate")
        .header("Accept", request.accept() == null ? "application/json" : SapiMediaTypes.accept(request.accept()));
    request.headers().forEach(b::header);
    if (request.body() == null) {
      return b.method(request.method(), HttpRequest.BodyPublishers.noBody()).build();
    }
    byte[] body = request.body();
    if (request.compress()) {
      body = deflate(body);
      b.header("Content-Encoding", "deflate");
    }
    b.header("Content-Type", request.contentType());
    return b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private URI resolve(String path) {
    return config.endpoint().resolve(path);
  }

  private static JsonNode parseReply(Request request, HttpResponse<byte[]> response, byte[] body)
      throws HardwareException {
    if (request.accept() != null) {
      String mismatch = SapiMediaTypes.mismatch(response.headers().firstValue("Content-Type").orElse(null),
          request.accept());
      if (mismatch != null) {
        throw new HardwareException("unexpected reply from D-Wave SAPI to " + request.method() + " "
            + request.path() + ": " + mismatch + " (the API may have changed)", false);
      }
    }
    try {
      return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new HardwareException("D-Wave SAPI sent a reply that is not JSON: " + e.getClass().getSimpleName(), false);
    }
  }

  /** SAPI's error reply, {@code {"error_code":…,"error_msg":…}}, or its plain text, as the exception message. */
  HardwareException error(int status, byte[] body) {
    String reason = new String(body, StandardCharsets.UTF_8).strip();
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.hasNonNull("error_msg")) {
        reason = json.get("error_msg").asText();
      }
    } catch (IOException notJson) {
      // keep the text
    }
    if (reason.length() > 500) {
      reason = reason.substring(0, 500) + "…";
    }
    String what = switch (status) {
      case 400 -> "refused the request";
      case 401 -> "refused the token";
      case 403 -> "forbade the request";
      case 404 -> "does not know it";
      case 409 -> "found a conflict";
      case 429 -> "is rate limiting us";
      default -> status >= 500 ? "failed" : "answered " + status;
    };
    return new HardwareException("D-Wave SAPI " + what + " (HTTP " + status + ")" + (reason.isEmpty() ? ""
        : ": " + scrub(reason)), status == 429 || status >= 500);
  }

  /** Defence in depth: a server echoing our token back does not put it into our messages. */
  String scrub(String text) {
    return text.replace(config.token(), "(token)");
  }

  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d = Duration.between(ZonedDateTime.now(),
            ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException notADate) {
        return null;
      }
    }
  }

  private static byte[] deflate(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) { // zlib-wrapped: HTTP's "deflate"
      z.write(body);
    }
    return out.toByteArray();
  }

  private static byte[] decompress(byte[] body, String encoding) throws IOException {
    String e = encoding.trim().toLowerCase(java.util.Locale.ROOT);
    if (e.isEmpty() || e.equals("identity") || body.length == 0) {
      return body;
    }
    try (InputStream in = e.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(body))
        : e.equals("deflate") ? new InflaterInputStream(new ByteArrayInputStream(body)) : null) {
      if (in == null) {
        throw new IOException("unsupported Content-Encoding " + encoding);
      }
      return in.readAllBytes();
    }
  }

  private static void sleep(Duration d) throws HardwareException {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HardwareException("interrupted while waiting to retry D-Wave SAPI", true);
    }
  }

  static Map<String, String> headers(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
