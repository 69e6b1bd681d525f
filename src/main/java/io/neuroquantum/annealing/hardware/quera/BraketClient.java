package io.neuroquantum.annealing.hardware.quera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuroquantum.annealing.hardware.HardwareException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The three Braket REST-JSON calls a task needs (CreateQuantumTask, GetQuantumTask, CancelQuantumTask)
 * and the S3 GET of its results, over {@link HttpClient}, each signed with SigV4 by the AWS SDK's own
 * signer ({@code http-auth-aws}). Throttling (429), 5xx and network errors are retried with
 * exponential backoff and full jitter, honouring {@code Retry-After}; CreateQuantumTask is safe to
 * retry because its {@code clientToken} makes it idempotent. Calls block: use them from a worker thread.
 */
final class BraketClient {

  private static final Logger LOG = LoggerFactory.getLogger(BraketClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
  private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** How the client waits between tries; tests need no other one, but it keeps the sleep in one place. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final QueraConfig config;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  /**
   * The SDK's SigV4 signer logs each canonical request at DEBUG (aws-sdk-java-v2 PR 5153), and a
   * canonical request holds every signed header's value: with temporary credentials, the session
   * token ({@code x-amz-security-token}). That logger is held at INFO here, whatever the logging
   * configuration says, so that DEBUG logging of everything cannot write the token.
   */
  static final String SIGNER_LOGGER = "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner";

  static {
    if (LoggerFactory.getLogger(SIGNER_LOGGER) instanceof ch.qos.logback.classic.Logger signerLog) {
      signerLog.setLevel(ch.qos.logback.classic.Level.INFO);
    }
  }

  BraketClient(QueraConfig config, HttpClient http, Sleeper sleeper) {
    this.config = config;
    this.http = http;
    this.sleeper = sleeper;
  }

  /** CreateQuantumTask; returns the task's ARN. {@code action} is the program JSON, sent as a string. */
  String createQuantumTask(String clientToken, String deviceArn, int shots, String bucket, String prefix,
      String action) throws HardwareException {
    ObjectNode body = JSON.createObjectNode()
        .put("action", action)
        .put("clientToken", clientToken)
        .put("deviceArn", deviceArn)
        .put("outputS3Bucket", bucket)
        .put("outputS3KeyPrefix", prefix)
        .put("shots", shots);
    JsonNode reply = json(call("CreateQuantumTask", "braket", "POST", braket("/quantum-task"), bytes(body)));
    return reply.path("quantumTaskArn").asText();
  }

  /** GetQuantumTask with its queue position. */
  JsonNode getQuantumTask(String arn) throws HardwareException {
    return json(call("GetQuantumTask", "braket", "GET",
        braket("/quantum-task/" + encodeSegment(arn) + "?additionalAttributeNames=QueueInfo"), null));
  }

  /** CancelQuantumTask; returns Braket's {@code cancellationStatus} (CANCELLING or CANCELLED). */
  String cancelQuantumTask(String arn, String clientToken) throws HardwareException {
    ObjectNode body = JSON.createObjectNode().put("clientToken", clientToken);
    JsonNode reply = json(call("CancelQuantumTask", "braket", "PUT",
        braket("/quantum-task/" + encodeSegment(arn) + "/cancel"), bytes(body)));
    return reply.path("cancellationStatus").asText();
  }

  /** An S3 object as text (results.json). */
  String getObject(String bucket, String key) throws HardwareException {
    StringBuilder path = new StringBuilder();
    for (String segment : key.split("/", -1)) {
      path.append('/').append(encodeSegment(segment));
    }
    URI uri = config.s3Endpoint() != null
        ? URI.create(trimSlash(config.s3Endpoint().toString()) + "/" + bucket + path)
        : URI.create("https://" + bucket + ".s3." + config.region() + ".amazonaws.com" + path);
    return call("GetObject", "s3", "GET", uri, null);
  }

  private URI braket(String pathAndQuery) {
    return URI.create(trimSlash(config.braketEndpoint().toString()) + pathAndQuery);
  }

  private String call(String operation, String service, String method, URI uri, byte[] body) throws HardwareException {
    AwsCredentials credentials = config.credentials();
    if (credentials == null) {
      throw new HardwareException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
          + "(and AWS_SESSION_TOKEN for temporary ones)", false);
    }
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(signed(service, method, uri, body, credentials), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt < config.maxAttempts()) {
          LOG.warn("Braket {}: network error ({}), try {} of {}", operation, e.getClass().getSimpleName(), attempt,
              config.maxAttempts());
          backoff(attempt, null);
          continue;
        }
        throw new HardwareException(credentials.scrub(operation + " could not reach " + uri.getHost() + ": " + e),
            true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HardwareException(operation + " was interrupted", true);
      }
      int status = response.statusCode();
      LOG.debug("Braket {} {} -> {}", operation, method, status);
      if (status < 300) {
        return response.body();
      }
      String code = errorCode(response);
      boolean retryable = status == 429 || status >= 500 || "ThrottlingException".equals(code);
      if (retryable && attempt < config.maxAttempts()) {
        LOG.warn("Braket {}: {} {}, try {} of {}", operation, status, code, attempt, config.maxAttempts());
        backoff(attempt, response.headers().firstValue("Retry-After").orElse(null));
        continue;
      }
      String message = credentials.scrub(operation + " failed: " + status + " " + code + ": " + errorMessage(response));
      throw new BraketException(message, retryable, status, code);
    }
  }

  /** Full jitter: a random wait up to base·2^(attempt-1), capped; at least what Retry-After asks. */
  private void backoff(int attempt, String retryAfter) throws HardwareException {
    long capMillis = Math.min(config.backoffMax().toMillis(), config.backoffBase().toMillis() << Math.min(attempt - 1, 20));
    long millis = ThreadLocalRandom.current().nextLong(capMillis + 1);
    if (retryAfter != null) {
      try {
        millis = Math.max(millis, Math.min(config.backoffMax().toMillis(), Long.parseLong(retryAfter.trim()) * 1000));
      } catch (NumberFormatException e) {
        // an HTTP-date Retry-After: the jittered wait stands
      }
    }
    try {
      sleeper.sleep(Duration.ofMillis(millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HardwareException("interrupted while waiting to retry", true);
    }
  }

  private HttpRequest signed(String service, String method, URI uri, byte[] body, AwsCredentials credentials) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    boolean s3 = "s3".equals(service);
    if (s3) {
      // S3 wants the payload hash as a header, and signs the path as sent (no double encoding)
      request.putHeader("x-amz-content-sha256", body == null ? EMPTY_SHA256 : sha256Hex(body));
    }
    AwsCredentialsIdentity identity = credentials.sessionToken() == null
        ? AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey())
        : AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(),
            credentials.sessionToken());
    SignedRequest signed = signer.sign(r -> {
      r.identity(identity)
          .request(request.build())
          .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
          .putProperty(AwsV4HttpSigner.REGION_NAME, config.region());
      if (body != null) {
        r.payload(ContentStreamProvider.fromByteArray(body));
      }
      if (s3) {
        r.putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
            .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false);
      }
    });
    HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    signed.request().forEachHeader((name, values) -> {
      // HttpClient sets these two itself, from the URI and the body, to the values that were signed
      String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.equals("host") && !lower.equals("content-length")) {
        values.forEach(v -> out.header(name, v));
      }
    });
    return out.build();
  }

  /** AWS's error code: {@code x-amzn-ErrorType} (rest-json), the JSON body's {@code __type}, or S3's XML {@code Code}. */
  private static String errorCode(HttpResponse<String> response) {
    String header = response.headers().firstValue("x-amzn-ErrorType").orElse(null);
    if (header != null) {
      return header.split(":", 2)[0];
    }
    String body = response.body() == null ? "" : response.body();
    Matcher xml = XML_CODE.matcher(body);
    if (xml.find()) {
      return xml.group(1);
    }
    try {
      String type = JSON.readTree(body).path("__type").asText("");
      return type.substring(type.lastIndexOf('#') + 1);
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  private static String errorMessage(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body();
    Matcher xml = XML_MESSAGE.matcher(body);
    if (xml.find()) {
      return xml.group(1);
    }
    try {
      JsonNode node = JSON.readTree(body);
      String message = node.has("message") ? node.get("message").asText() : node.path("Message").asText("");
      return message.isEmpty() ? body : message;
    } catch (JsonProcessingException e) {
      return body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }
  }

  private static JsonNode json(String body) throws HardwareException {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new HardwareException("Braket answered with something that is not JSON: " + e.getOriginalMessage(), true);
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /** One path segment percent-encoded as AWS expects (the ARN's ':' and '/' included; space as %20). */
  static String encodeSegment(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
