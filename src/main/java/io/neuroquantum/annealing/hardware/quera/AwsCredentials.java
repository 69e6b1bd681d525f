package io.neuroquantum.annealing.hardware.quera;

/**
 * An AWS access key, with the session token of temporary credentials. The secret parts never leave
 * this record except into a signature: {@link #toString()} hides them, and {@link #scrub(String)}
 * takes them out of any text (a vendor's error message, say) before it is shown or logged.
 *
 * @param accessKeyId the key id (not secret: it is sent in every request's Authorization header)
 * @param secretAccessKey the secret key
 * @param sessionToken the session token of temporary credentials, or null
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

  public AwsCredentials {
    if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException("AWS credentials need an access key id and a secret access key");
    }
    if (sessionToken != null && sessionToken.isBlank()) {
      sessionToken = null;
    }
  }

  /** {@code text} with the secret key and session token replaced by {@code ***}. */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text.replace(secretAccessKey, "***");
    return sessionToken == null ? out : out.replace(sessionToken, "***");
  }

  @Override
  public String toString() {
    return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***"
        + (sessionToken == null ? "" : ", sessionToken=***") + "]";
  }
}
