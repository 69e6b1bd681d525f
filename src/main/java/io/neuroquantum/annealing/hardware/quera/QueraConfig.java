package io.neuroquantum.annealing.hardware.quera;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how the QuEra backend reaches Amazon Braket. Built from the environment (the AWS
 * variables every AWS tool reads, plus {@code NQ_QUERA_*}) over the {@code hardware.quera} section of
 * the configuration; the environment wins, so a deployment's secrets need not be in a file.
 *
 * @param region the AWS region; Aquila is in us-east-1
 * @param braketEndpoint the Braket API, {@code https://braket.<region>.amazonaws.com} by default
 * @param s3Endpoint an S3 endpoint for path-style access ({@code <endpoint>/<bucket>/<key>}), or null
 *     for AWS's virtual-hosted {@code https://<bucket>.s3.<region>.amazonaws.com/<key>}
 * @param deviceArn the device tasks go to
 * @param s3Bucket the bucket Braket writes results to (must exist in the region; Braket's convention
 *     is {@code amazon-braket-<region>-<account id>}), or null when unset
 * @param s3Prefix the key prefix of the results
 * @param credentials the AWS key, or null when none is configured (submitting then fails with a reason)
 * @param maxAttempts tries per request, counting the first, on throttling, 5xx and network errors
 * @param backoffBase the first retry's upper bound on its wait (doubled each retry, full jitter)
 * @param backoffMax the longest wait between two tries
 * @param requestTimeout how long one HTTP request may take
 */
public record QueraConfig(String region, URI braketEndpoint, URI s3Endpoint, String deviceArn, String s3Bucket,
    String s3Prefix, AwsCredentials credentials, int maxAttempts, Duration backoffBase, Duration backoffMax,
    Duration requestTimeout) {

  public static final String AQUILA_ARN = "arn:aws:braket:us-east-1::device/qpu/quera/Aquila";

  public QueraConfig {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max_attempts must be at least 1, got " + maxAttempts);
    }
  }

  /** From the process environment and the {@code hardware.quera} configuration section (may be empty). */
  public static QueraConfig from(Map<String, String> env, Map<String, ?> config) {
    String region = pick(env, "AWS_REGION", config, "region", null);
    if (region == null) {
      region = pick(env, "AWS_DEFAULT_REGION", config, "region", "us-east-1");
    }
    String endpoint = pick(env, "NQ_QUERA_ENDPOINT", config, "endpoint", "https://braket." + region + ".amazonaws.com");
    String s3Endpoint = pick(env, "NQ_QUERA_S3_ENDPOINT", config, "s3_endpoint", null);
    String keyId = pick(env, "AWS_ACCESS_KEY_ID", config, "access_key_id", null);
    String secret = pick(env, "AWS_SECRET_ACCESS_KEY", config, "secret_access_key", null);
    String token = pick(env, "AWS_SESSION_TOKEN", config, "session_token", null);
    AwsCredentials credentials = keyId == null || secret == null ? null : new AwsCredentials(keyId, secret, token);
    return new QueraConfig(region, URI.create(endpoint), s3Endpoint == null ? null : URI.create(s3Endpoint),
        pick(env, "NQ_QUERA_DEVICE_ARN", config, "device_arn", AQUILA_ARN),
        pick(env, "NQ_QUERA_S3_BUCKET", config, "s3_bucket", null),
        pick(env, "NQ_QUERA_S3_PREFIX", config, "s3_prefix", "tasks"),
        credentials,
        Integer.parseInt(pick(env, "NQ_QUERA_MAX_ATTEMPTS", config, "max_attempts", "5")),
        Duration.ofMillis(Long.parseLong(pick(env, "NQ_QUERA_BACKOFF_BASE_MS", config, "backoff_base_ms", "500"))),
        Duration.ofMillis(Long.parseLong(pick(env, "NQ_QUERA_BACKOFF_MAX_MS", config, "backoff_max_ms", "20000"))),
        Duration.ofMillis(Long.parseLong(pick(env, "NQ_QUERA_REQUEST_TIMEOUT_MS", config, "request_timeout_ms", "60000"))));
  }

  /** The environment variable if set, else the configuration key if set, else the default. */
  private static String pick(Map<String, String> env, String variable, Map<String, ?> config, String key,
      String fallback) {
    String fromEnv = env.get(variable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    Object fromConfig = config.get(key);
    return fromConfig == null ? fallback : fromConfig.toString();
  }

  @Override
  public String toString() {
    // records print every component; the credentials' own toString hides their secrets
    return "QueraConfig[region=" + region + ", braketEndpoint=" + braketEndpoint + ", s3Endpoint=" + s3Endpoint
        + ", deviceArn=" + deviceArn + ", s3Bucket=" + s3Bucket + ", s3Prefix=" + s3Prefix + ", credentials="
        + credentials + ", maxAttempts=" + maxAttempts + "]";
  }
}
