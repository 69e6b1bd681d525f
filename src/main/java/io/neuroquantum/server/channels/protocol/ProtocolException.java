package io.neuroquantum.server.channels.protocol;

/** A client frame the server cannot accept; {@link #code()} goes back to the client in an {@code error}. */
public final class ProtocolException extends RuntimeException {
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String UNKNOWN_TYPE = "unknown_type";
  public static final String MISSING_TYPE = "missing_type";
  public static final String INVALID_MESSAGE = "invalid_message";

  private final String code;

  public ProtocolException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
