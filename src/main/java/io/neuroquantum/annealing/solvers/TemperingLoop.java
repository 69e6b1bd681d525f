package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import java.util.Arrays;

/**
 * The one parallel-tempering schedule, whoever holds the slots ({@link TemperingSlots}): blocks of
 * {@code interval} sweeps; after each, the coordinator records the runs' best energies (the slots save
 * those states) and decides the swaps (the slots make them before the next block); it stops after the
 * planned sweeps, at the target energy, on the time limit or on cancellation, keeping the best states.
 * {@link ParallelTempering#run} runs it in-process and the job server's distributed run on worker
 * verticles, so both make the same moves for a seed.
 */
public final class TemperingLoop {

  private TemperingLoop() {
  }

  /**
   * Runs {@code plan} on {@code slots}; {@code stop} was started when the run began (its start is the
   * run's clock, for progress and the best-energy trace).
   */
  public static TemperingResult run(QuadraticModel model, ParallelTempering.Plan plan, TemperingCoordinator coordinator,
      TemperingSlots slots, RunControl control, StopCheck stop) {
    ParallelTempering.Config config = plan.config();
    long total = config.sweeps();
    ProgressTracker tracker = new ProgressTracker(control.progress(), control.progressIntervalNanos(), total,
        stop.startNanos());
    long t0 = System.nanoTime();
    int[] saves = none(plan.runs());
    long[] masks = new long[plan.temperatures() - 1];
    long done = 0;
    boolean stopped = false;
    while (done < total && !stopped) {
      int k = (int) Math.min(plan.interval(), total - done);
      stopped = !slots.step(k, saves, masks, coordinator, stop);
      done += k;
      saves = coordinator.record(done);
      masks = stopped ? new long[masks.length] : coordinator.decide();
      tracker.advance(k, coordinator.bestEnergy());
      if (config.targetEnergy() != null && coordinator.bestEnergy() <= config.targetEnergy()) {
        break;
      }
      coordinator.maybeReshape(done);
      stopped |= stop.shouldStop();
    }
    TemperingSlots.Finished finished = slots.finish(saves);
    SampleSet samples = plan.samples(model, finished.bestStates(), finished.attempts(), finished.accepted(), done,
        finished.kernelNanos(), stop, t0);
    tracker.finish(samples.bestEnergy());
    return new TemperingResult(samples, coordinator.stats());
  }

  private static int[] none(int runs) {
    int[] saves = new int[runs];
    Arrays.fill(saves, -1);
    return saves;
  }
}
