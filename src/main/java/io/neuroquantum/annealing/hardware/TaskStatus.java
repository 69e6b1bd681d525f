package io.neuroquantum.annealing.hardware;

/**
 * Where a task stands at the vendor.
 *
 * @param state the state
 * @param detail the vendor's words for it (its status name, or its reason for a failure), never a credential
 */
public record TaskStatus(State state, String detail) {

  public enum State {
    /** accepted, waiting in the vendor's queue */
    QUEUED,
    /** running on the device */
    RUNNING,
    /** finished; its answer can be read */
    DONE,
    /** the vendor gave up on it; {@code detail} says why */
    FAILED,
    /** cancelled before it finished */
    CANCELLED;

    public boolean isFinal() {
      return this == DONE || this == FAILED || this == CANCELLED;
    }
  }
}
