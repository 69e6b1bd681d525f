package io.neuroquantum.annealing.model;

/** A model, constraint or sample that cannot be accepted, with the reason in its message. */
public class InvalidModelException extends IllegalArgumentException {
  public InvalidModelException(String message) {
    super(message);
  }
}
