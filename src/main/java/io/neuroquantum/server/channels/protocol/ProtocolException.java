package io.neuroquantum.server.channels.protocol;

/** A client frame the server cannot accept; {@link #code()} goes back to the client in an {@code error}. */
public final class ProtocolException extends RuntimeException {
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String UNKNOWN_TYPE = "unknown_type";
  public static final String MISSING_TYPE = "missing_type";
  public static final String INVALID_MESSAGE = "invalid_message";

  private final String code;
  private final String requestId;

  public ProtocolException(String code, String message) {
    this(code, message, null);
  }

  private ProtocolException(String code, String message, String requestId) {
    super(message, null, false, false);
    this.code = code;
    this.requestId = requestId;
  }

  public String code() {
    return code;
  }

  /** The frame's {@code request_id} when it could be read, so the error still answers the request. */
  public String requestId() {
    return requestId;
  }

  ProtocolException withRequestId(String id) {
    return id == null || requestId != null ? this : new ProtocolException(code, getMessage(), id);
  }
}
