package io.neuroquantum.annealing.hardware;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A {@link HardwareRun} on a thread of its own, as the server's adapter runs one: a test waits for a
 * stage of the run (the mock's own counters say when it is there), cancels, and reads how it ended.
 */
public final class BackgroundRun {

  private static final Duration PATIENCE = Duration.ofMinutes(1);

  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicReference<HardwareTask> task = new AtomicReference<>();
  public final List<TaskStatus.State> states = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HardwareResult> outcome = new CompletableFuture<>();

  private BackgroundRun() {
  }

  public static BackgroundRun start(HardwareBackend backend, HardwareProblem problem, HardwareParameters parameters) {
    return start(backend, problem, parameters, new BackgroundRun());
  }

  /** A run not started yet, so a test can hand its {@link #cancel} to a mock's hook first; then {@link #begin}. */
  public static BackgroundRun unstarted() {
    return new BackgroundRun();
  }

  public BackgroundRun begin(HardwareBackend backend, HardwareProblem problem, HardwareParameters parameters) {
    return start(backend, problem, parameters, this);
  }

  /** A run whose cancel came before it started (the job was cancelled as its run was handed over). */
  public static BackgroundRun startCancelled(HardwareBackend backend, HardwareProblem problem,
      HardwareParameters parameters) {
    BackgroundRun run = new BackgroundRun();
    run.cancel();
    return start(backend, problem, parameters, run);
  }

  private static BackgroundRun start(HardwareBackend backend, HardwareProblem problem, HardwareParameters parameters,
      BackgroundRun run) {
    Thread.ofPlatform().daemon().name("background-run").start(() -> {
      try {
        run.outcome.complete(HardwareRun.run(backend, problem, parameters, run.task::set,
            s -> run.states.add(s.state()), run.cancelled::get));
      } catch (Throwable e) {
        run.outcome.completeExceptionally(e);
      }
    });
    return run;
  }

  /** Waits (generously) until {@code condition} holds; fails if the run ended first. */
  public BackgroundRun awaitStage(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (outcome.isDone()) {
        throw new AssertionError("the run ended before " + what + ": " + describe());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the run never got to " + what);
      }
      Thread.sleep(10);
    }
    return this;
  }

  public void cancel() {
    cancelled.set(true);
  }

  /** The task the vendor accepted, or null if it never had one. */
  public HardwareTask task() {
    return task.get();
  }

  /** The run's answer (it completed). */
  public HardwareResult result() throws Exception {
    try {
      return outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the run failed: " + e.getCause(), e.getCause());
    }
  }

  /** The run's failure (it was cancelled, or the vendor failed it). */
  public HardwareException failure() throws Exception {
    try {
      HardwareResult r = outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("the run completed with " + r.info());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HardwareException h) {
        return h;
      }
      throw new AssertionError("the run failed with something else", e.getCause());
    }
  }

  private String describe() {
    return outcome.isCompletedExceptionally() ? outcome.exceptionNow().toString() : "completed";
  }
}
