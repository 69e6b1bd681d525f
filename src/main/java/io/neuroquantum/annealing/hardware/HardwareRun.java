package io.neuroquantum.annealing.hardware;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One task's whole life on a backend: submit, poll (each poll may wait the vendor's long-poll
 * window) until the task is final, then read its answer. Each change of state is reported, and a
 * cancellation request is passed on to the vendor. The CLI and the server's adapter verticle both
 * run tasks this way. Blocking: call it from a worker thread.
 */
public final class HardwareRun {

  /**
   * The least time between two status polls. D-Wave's long-poll waits by itself; Braket's
   * GetQuantumTask answers at once, and an Aquila task may stay queued for hours, so without this a
   * run would ask many times a second (Braket's Python SDK polls once a second).
   */
  static final long MIN_POLL_INTERVAL_MS = 1000;

  private HardwareRun() {
  }

  /**
   * @param onState called with each new state (QUEUED, RUNNING, …) as the vendor reports it
   * @param onSubmitted called once with the task, as soon as the vendor has accepted it
   * @param cancelled asked before submitting (and between the backend's local steps), between polls, and
   *     around reading the answer; once true, the task is cancelled at the vendor if the vendor has it, and
   *     the run ends with a "cancelled …" failure whatever stage it was in
   * @throws HardwareException when the vendor refuses, fails or cancels the task (its reason in the message)
   */
  public static HardwareResult run(HardwareBackend backend, HardwareProblem problem, HardwareParameters parameters,
      Consumer<HardwareTask> onSubmitted, Consumer<TaskStatus> onState, BooleanSupplier cancelled)
      throws HardwareException {
    HardwareTask task = backend.submit(problem, parameters, cancelled);
    onSubmitted.accept(task);
    TaskStatus.State last = null;
    boolean cancelSent = false;
    while (true) {
      if (cancelled.getAsBoolean() && !cancelSent) {
        backend.cancel(task);
        cancelSent = true;
      }
      long polled = System.nanoTime();
      TaskStatus status = backend.status(task);
      if (status.state() != last) {
        last = status.state();
        onState.accept(status);
      }
      switch (status.state()) {
        case DONE:
          // a cancel that comes before the answer is wholly read wins: the job ends cancelled, with no
          // answer rather than part of one (the vendor has finished; its answer stays there, and is billed)
          if (!cancelled.getAsBoolean()) {
            HardwareResult result = backend.result(task);
            if (!cancelled.getAsBoolean()) {
              return result;
            }
          }
          throw new HardwareException("cancelled after " + backend.name() + " finished task " + task.vendorId()
              + "; its answer was not kept", false);
        case FAILED:
          throw new HardwareException(status.detail(), false);
        case CANCELLED:
          throw new HardwareException("cancelled at " + backend.name() + ": " + status.detail(), false);
        default:
          // QUEUED or RUNNING: poll again, after the rest of the interval if the poll did not wait
          // (a cancel not yet sent cuts the pause short; once sent, the pause holds while the vendor confirms)
          pauseAfter(polled, cancelSent ? () -> false : cancelled);
      }
    }
  }

  /** Sleeps until MIN_POLL_INTERVAL_MS after {@code polled}, in short steps so that a cancel is not held up. */
  private static void pauseAfter(long polled, BooleanSupplier cancelled) throws HardwareException {
    try {
      while (!cancelled.getAsBoolean()) {
        long left = MIN_POLL_INTERVAL_MS - (System.nanoTime() - polled) / 1_000_000;
        if (left <= 0) {
          return;
        }
        Thread.sleep(Math.min(left, 100));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HardwareException("interrupted while waiting for the vendor", false);
    }
  }
}
