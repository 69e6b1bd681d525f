package io.neuroquantum.annealing.hardware;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One task's whole life on a backend: submit, poll (each poll may wait the vendor's long-poll
 * window) until the task is final, then read its answer. Each change of state is reported, and a
 * cancellation request is passed on to the vendor. The CLI and the server's adapter verticle both
 * run tasks this way. Blocking: call {@link #run} from a worker thread.
 *
 * <p>A cancel can come at any stage, and this class decides what it means at each:
 * <ul>
 *   <li>before the vendor has the problem (solver choice, embedding, upload): nothing is submitted;</li>
 *   <li>once the vendor has it (queued, running): the vendor is told, once, and the run ends when the
 *       vendor reports the task cancelled (or finished: its answer is then not read);</li>
 *   <li>while the answer is read: the answer is dropped;</li>
 * </ul>
 * and in every case the run ends with a {@link HardwareException} whose message starts "cancelled".
 */
public final class HardwareRun {

  /**
   * The least time between two status polls. D-Wave's long-poll waits by itself; Braket's
   * GetQuantumTask answers at once, and an Aquila task may stay queued for hours, so without this a
   * run would ask many times a second (Braket's Python SDK polls once a second).
   */
  static final long MIN_POLL_INTERVAL_MS = 1000;

  private final HardwareBackend backend;
  private final BooleanSupplier cancelledOutside;
  private volatile boolean cancelRequested;
  private final AtomicReference<HardwareTask> task = new AtomicReference<>();
  /** The vendor is told at most once, by whichever thread gets there first: the run's or a canceller's. */
  private final AtomicBoolean vendorTold = new AtomicBoolean();

  /** A run on {@code backend}, cancelled by {@link #requestCancel()}. */
  public HardwareRun(HardwareBackend backend) {
    this(backend, () -> false);
  }

  /** A run on {@code backend} that is also cancelled once {@code cancelled} is true (asked between steps). */
  public HardwareRun(HardwareBackend backend, BooleanSupplier cancelled) {
    this.backend = backend;
    this.cancelledOutside = cancelled;
  }

  /**
   * Runs a task to its end with a cancel condition that is asked between steps (the CLI's way).
   *
   * @see #run(HardwareProblem, HardwareParameters, Consumer, Consumer)
   */
  public static HardwareResult run(HardwareBackend backend, HardwareProblem problem, HardwareParameters parameters,
      Consumer<HardwareTask> onSubmitted, Consumer<TaskStatus> onState, BooleanSupplier cancelled)
      throws HardwareException {
    return new HardwareRun(backend, cancelled).run(problem, parameters, onSubmitted, onState);
  }

  /** Marks the run cancelled; any thread, never blocks. The run acts on it at its next step. */
  public void requestCancel() {
    cancelRequested = true;
  }

  public boolean cancelRequested() {
    return cancelRequested || cancelledOutside.getAsBoolean();
  }

  /**
   * Tells the vendor to stop the task, if a cancel was requested, the vendor has the task, and nobody
   * told it yet. Blocks on the network: a canceller calls it on a worker thread so that the vendor
   * hears at once, while the run's own thread may be waiting in a long-poll.
   */
  public void tellVendor() throws HardwareException {
    HardwareTask submitted = task.get();
    if (submitted != null && cancelRequested() && vendorTold.compareAndSet(false, true)) {
      try {
        backend.cancel(submitted);
      } catch (HardwareException | RuntimeException e) {
        vendorTold.set(false);   // not told: the next try (the run's, between polls) sends it again
        throw e;
      }
    }
  }

  /**
   * @param onState called with each new state (QUEUED, RUNNING, …) as the vendor reports it
   * @param onSubmitted called once with the task, as soon as the vendor has accepted it
   * @throws HardwareException when the vendor refuses, fails or cancels the task (its reason in the
   *     message), or the run was cancelled (a message starting "cancelled")
   */
  public HardwareResult run(HardwareProblem problem, HardwareParameters parameters,
      Consumer<HardwareTask> onSubmitted, Consumer<TaskStatus> onState) throws HardwareException {
    HardwareTask submitted = backend.submit(problem, parameters, this::cancelRequested);
    task.set(submitted);
    onSubmitted.accept(submitted);
    TaskStatus.State last = null;
    while (true) {
      tellVendor();
      long polled = System.nanoTime();
      TaskStatus status = backend.status(submitted);
      if (status.state() != last) {
        last = status.state();
        onState.accept(status);
      }
      switch (status.state()) {
        case DONE:
          // a cancel that comes before the answer is wholly read wins: the run ends cancelled, with no
          // answer rather than part of one (the vendor has finished; its answer stays there, and is billed)
          if (!cancelRequested()) {
            HardwareResult result = backend.result(submitted);
            if (!cancelRequested()) {
              return result;
            }
          }
          throw new HardwareException("cancelled after " + backend.name() + " finished task "
              + submitted.vendorId() + "; its answer was not kept", false);
        case FAILED:
          throw new HardwareException(status.detail(), false);
        case CANCELLED:
          throw new HardwareException("cancelled at " + backend.name() + ": " + status.detail(), false);
        default:
          // QUEUED or RUNNING: poll again, after the rest of the interval if the poll did not wait
          // (a cancel not yet sent cuts the pause short; once sent, the pause holds while the vendor confirms)
          pauseAfter(polled);
      }
    }
  }

  /** Sleeps until MIN_POLL_INTERVAL_MS after {@code polled}, in short steps so that a cancel is not held up. */
  private void pauseAfter(long polled) throws HardwareException {
    try {
      while (vendorTold.get() || !cancelRequested()) {
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
