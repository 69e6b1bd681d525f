package io.neuroquantum.annealing.hardware;

import java.util.function.BooleanSupplier;

/**
 * A sampler that runs somewhere else: a vendor's QPU or hybrid service reached over its wire
 * protocol, or the project's own annealer standing in for one. The life of a task is the vendor's:
 * submit, poll until it is done (or failed, or cancelled), then read the answer. Calls block on the
 * network and are made from worker threads; nothing of Vert.x is in here, so the CLI can use a
 * backend directly and the server wraps each one in an adapter verticle.
 *
 * <p>Credentials are the backend's own business: they never appear in a {@link HardwareException}'s
 * message, a {@link TaskStatus}, or a {@link HardwareResult}'s info.
 */
public interface HardwareBackend extends AutoCloseable {

  /** The name users pick it by: {@code simulated}, {@code dwave}, {@code quera}. */
  String name();

  /**
   * Hands a problem to the vendor and returns as soon as the vendor has accepted it (or refused it:
   * then a {@link HardwareException} with the vendor's reason).
   */
  HardwareTask submit(HardwareProblem problem, HardwareParameters parameters) throws HardwareException;

  /**
   * As {@link #submit(HardwareProblem, HardwareParameters)}, but gives up before the vendor has the
   * problem once {@code cancelled} is true: a backend with slow local steps before its submit (an
   * embedding, an upload in parts) asks between them, so a cancel there costs nothing at the vendor.
   * A cancel that comes after the vendor accepted the task is the caller's to pass on ({@link #cancel}).
   *
   * @throws HardwareException "cancelled before …" when it gave up
   */
  default HardwareTask submit(HardwareProblem problem, HardwareParameters parameters, BooleanSupplier cancelled)
      throws HardwareException {
    stopIfCancelled(cancelled, name(), "submission");
    return submit(problem, parameters);
  }

  /** Throws the "cancelled before the vendor had the problem" failure when {@code cancelled} is true. */
  static void stopIfCancelled(BooleanSupplier cancelled, String backend, String step) throws HardwareException {
    if (cancelled.getAsBoolean()) {
      throw new HardwareException("cancelled before " + backend + " had the problem (during " + step
          + "); nothing was submitted", false);
    }
  }

  /** Where the task stands now; may wait up to the vendor's long-poll window for a change. */
  TaskStatus status(HardwareTask task) throws HardwareException;

  /** Asks the vendor to stop the task; a task already done stays done. */
  void cancel(HardwareTask task) throws HardwareException;

  /** The answer of a task whose status is {@link TaskStatus.State#DONE}, decoded into the problem's variables. */
  HardwareResult result(HardwareTask task) throws HardwareException;

  @Override
  default void close() {
  }
}
