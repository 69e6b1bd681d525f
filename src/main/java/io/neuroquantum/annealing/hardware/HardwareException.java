package io.neuroquantum.annealing.hardware;

/**
 * A vendor refused or failed a request. The message is the vendor's reason, fit to show a user; it
 * never holds a credential.
 */
public class HardwareException extends Exception {

  /** Whether the same request may succeed later (rate limits, outages) rather than never (a bad problem). */
  private final boolean retryable;

  public HardwareException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public HardwareException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
