package io.neuroquantum.server.query;

/** A query that cannot run, with a code for the client and the reason (often the database's own). */
public final class QueryException extends RuntimeException {
  private final String code;

  public QueryException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public QueryException(String code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
