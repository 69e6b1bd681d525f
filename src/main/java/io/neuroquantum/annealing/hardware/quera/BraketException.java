package io.neuroquantum.annealing.hardware.quera;

import io.neuroquantum.annealing.hardware.HardwareException;

/**
 * Braket or S3 answered a request with an error: the HTTP status and AWS's error code
 * ({@code ValidationException}, {@code ThrottlingException}, {@code NoSuchKey}, …) kept apart from the
 * message, so the backend can tell "already finished" (409 on cancel) from a real refusal.
 */
public final class BraketException extends HardwareException {

  private final int httpStatus;
  private final String code;

  BraketException(String message, boolean retryable, int httpStatus, String code) {
    super(message, retryable);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** AWS's error code, e.g. {@code ValidationException}; empty when the reply had none. */
  public String code() {
    return code;
  }
}
