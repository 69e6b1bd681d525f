package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Job-shop scheduling, time-indexed (Venturelli, Marchand &amp; Rojo 2015), for small instances: each
 * job is a sequence of operations, each on one machine for a whole number of time steps; minimise the
 * makespan within a horizon T. Variable x_{o,t} is 1 when operation o starts at t; t ranges only over
 * the window the job allows (after its predecessors' durations, before its successors' ones). The
 * makespan is a one-hot variable m_τ, τ from a lower bound (longest job, busiest machine) to T.
 *
 * <p>Energy {@code Σ τ·m_τ} plus, each with weight P: one start per operation and one makespan
 * ({@code P(Σ − 1)²}); a pair x_{o,t}x_{o',t'} for a successor starting before its predecessor ends,
 * or two operations overlapping on a machine; a pair x_{o,t}m_τ for a job's last operation ending
 * after τ. A feasible state's energy is its makespan τ ≤ T; every violated term adds at least P, so
 * with P = T + 1 every minimum is feasible (if the horizon admits a schedule) and the minimum energy
 * is the minimum makespan. Decoding repairs an infeasible sample by list scheduling: operations in
 * the order of their sampled starts, each as early as its job and machine allow.
 *
 * <p>The feasibility form ({@link #feasibilityOnly}, after Venturelli et al.'s decision version) asks
 * only whether a schedule ends by the horizon: no makespan variables and no objective, every penalty
 * weight 1, so the energy counts violated terms and 0 means feasible. Put the horizon at the makespan
 * to reach, or a little above it, and a sample of energy 0 is such a schedule. Its landscape is far
 * flatter than the makespan form's (penalties of 1, not T + 1). A feasible sample is decoded
 * left-shifted (each operation as early as its job and machine allow, in the sampled order), which
 * never lengthens it: tabu's feasible samples of ft06 at horizon 60 decode to its optimum 55, which
 * no sampler here finds in the makespan form nor at horizon 55 itself (docs/annealing.md).
 */
public final class JobShop implements QuboProblem {

  /** One step of a job: which machine, for how many time steps (≥ 1). */
  public record Operation(int machine, int duration) {
  }

  private final int horizon;
  private final int numOps;
  private final int[] job;        // per operation (flattened, jobs in order)
  private final int[] machine;
  private final int[] duration;
  private final int[] earliest;   // window of start times
  private final int[] latest;
  private final int[] firstVar;   // x_{o,t} = firstVar[o] + t − earliest[o]
  private final boolean[] lastOfJob;
  private final int lowerBound;
  private final int makespanBase;
  private final int numVariables;
  private final boolean feasibilityOnly;

  private JobShop(List<List<Operation>> jobs, int horizon, boolean feasibilityOnly) {
    this.horizon = horizon;
    this.feasibilityOnly = feasibilityOnly;
    this.numOps = jobs.stream().mapToInt(List::size).sum();
    job = new int[numOps];
    machine = new int[numOps];
    duration = new int[numOps];
    earliest = new int[numOps];
    latest = new int[numOps];
    firstVar = new int[numOps];
    lastOfJob = new boolean[numOps];
    int o = 0;
    int next = 0;
    int longestJob = 0;
    Map<Integer, Integer> load = new LinkedHashMap<>();
    for (int j = 0; j < jobs.size(); j++) {
      List<Operation> ops = jobs.get(j);
      int total = ops.stream().mapToInt(Operation::duration).sum();
      longestJob = Math.max(longestJob, total);
      int head = 0;
      for (int k = 0; k < ops.size(); k++, o++) {
        Operation op = ops.get(k);
        job[o] = j;
        machine[o] = op.machine();
        duration[o] = op.duration();
        earliest[o] = head;
        latest[o] = horizon - (total - head);   // its own duration and every successor's still fit
        if (latest[o] < earliest[o]) {
          throw new InvalidModelException("job-shop: job " + j + " takes " + total + " steps, longer than the horizon " + horizon);
        }
        lastOfJob[o] = k == ops.size() - 1;
        firstVar[o] = next;
        next += latest[o] - earliest[o] + 1;
        head += op.duration();
        load.merge(op.machine(), op.duration(), Integer::sum);
      }
    }
    lowerBound = Math.max(longestJob, load.values().stream().mapToInt(Integer::intValue).max().orElse(0));
    if (lowerBound > horizon) {
      throw new InvalidModelException("job-shop: a machine is busy for " + lowerBound + " steps, longer than the horizon " + horizon);
    }
    makespanBase = next;
    numVariables = feasibilityOnly ? next : next + horizon - lowerBound + 1;
  }

  /** Jobs as lists of operations; machines are any non-negative integers; the horizon bounds every end. */
  public static JobShop of(List<List<Operation>> jobs, int horizon) {
    return of(jobs, horizon, false);
  }

  /**
   * The same, in the makespan form ({@code feasibilityOnly} false: the minimum energy is the minimum
   * makespan) or the feasibility form (true: energy 0 is any schedule ending by the horizon).
   */
  public static JobShop of(List<List<Operation>> jobs, int horizon, boolean feasibilityOnly) {
    if (jobs.isEmpty() || jobs.stream().anyMatch(List::isEmpty)) {
      throw new InvalidModelException("job-shop: needs at least one job, and every job at least one operation");
    }
    for (List<Operation> ops : jobs) {
      for (Operation op : ops) {
        if (op.duration() < 1 || op.machine() < 0) {
          throw new InvalidModelException("job-shop: operation " + op + " needs a duration ≥ 1 and a machine ≥ 0");
        }
      }
    }
    if (horizon < 1) {
      throw new InvalidModelException("job-shop: horizon must be at least 1, got " + horizon);
    }
    long variables = variablesAtMost(jobs, horizon);
    if (variables > Integer.MAX_VALUE) {
      throw new InvalidModelException("job-shop: " + variables + " start variables (operations × horizon) are more than"
          + " a model can index");
    }
    return new JobShop(jobs.stream().map(List::copyOf).toList(), horizon, feasibilityOnly);
  }

  /**
   * At most how many variables the model of {@code jobs} over {@code horizon} has, worked out without
   * building anything: (horizon + 1) start times per operation and per makespan value.
   */
  public static long variablesAtMost(List<List<Operation>> jobs, int horizon) {
    long ops = jobs.stream().mapToLong(List::size).sum();
    return (ops + 1) * (horizon + 1L);
  }

  /**
   * An upper bound on the model's quadratic terms, from the start windows alone (before
   * {@link #model()} builds them): each operation's one-hot pairs, each successor pair, each pair of
   * operations on one machine (at most (Σ of their windows)²/2 per machine), and each last operation
   * with each makespan value, plus the makespan's one-hot pairs.
   */
  public long quadraticTermsAtMost() {
    long makespans = horizon - lowerBound + 1L;
    long terms = makespans * makespans / 2;
    Map<Integer, Long> perMachine = new LinkedHashMap<>();
    for (int o = 0; o < numOps; o++) {
      long w = latest[o] - earliest[o] + 1L;
      terms += w * w / 2;
      if (o + 1 < numOps && job[o + 1] == job[o]) {
        terms += w * (latest[o + 1] - earliest[o + 1] + 1L);
      }
      if (lastOfJob[o]) {
        terms += w * makespans;
      }
      perMachine.merge(machine[o], w, Long::sum);
    }
    for (long w : perMachine.values()) {
      terms += w * w / 2;
    }
    return terms;
  }

  public int numVariables() {
    return numVariables;
  }

  /** T + 1 in the makespan form, so any violation outweighs any makespan; 1 in the feasibility form. */
  public int penaltyWeight() {
    return feasibilityOnly ? 1 : horizon + 1;
  }

  public boolean feasibilityOnly() {
    return feasibilityOnly;
  }

  /** The variable of operation o (flattened order) starting at t, or −1 outside its window. */
  public int variable(int o, int t) {
    return t < earliest[o] || t > latest[o] ? -1 : firstVar[o] + t - earliest[o];
  }

  public int makespanVariable(int tau) {
    return makespanBase + tau - lowerBound;
  }

  @Override
  public String type() {
    return "jobshop";
  }

  @Override
  public Qubo model() {
    double p = penaltyWeight();
    Qubo.Builder b = Qubo.builder(numVariables);
    for (int tau = lowerBound; !feasibilityOnly && tau <= horizon; tau++) {
      b.addLinear(makespanVariable(tau), tau);
    }
    for (int o = 0; o < numOps; o++) {
      addOneHot(b, firstVar[o], latest[o] - earliest[o] + 1, p);
    }
    if (!feasibilityOnly) {
      addOneHot(b, makespanBase, horizon - lowerBound + 1, p);
    }
    for (int o = 0; o < numOps; o++) {
      for (int t = earliest[o]; t <= latest[o]; t++) {
        int x = variable(o, t);
        if (o + 1 < numOps && job[o + 1] == job[o]) {   // successor may not start before t + duration
          for (int t2 = earliest[o + 1]; t2 < t + duration[o] && t2 <= latest[o + 1]; t2++) {
            b.addQuadratic(x, variable(o + 1, t2), p);
          }
        }
        for (int o2 = o + 1; o2 < numOps; o2++) {   // no overlap on a machine
          if (machine[o2] != machine[o]) {
            continue;
          }
          for (int t2 = earliest[o2]; t2 <= latest[o2]; t2++) {
            if (t < t2 + duration[o2] && t2 < t + duration[o]) {
              b.addQuadratic(x, variable(o2, t2), p);
            }
          }
        }
        if (lastOfJob[o] && !feasibilityOnly) {   // the makespan covers this job's end
          for (int tau = lowerBound; tau < t + duration[o] && tau <= horizon; tau++) {
            b.addQuadratic(x, makespanVariable(tau), p);
          }
        }
      }
    }
    return b.build();
  }

  /** P(Σ x − 1)² = P(1 − Σx + 2Σ_{a<b} x_a x_b) over {@code count} consecutive variables. */
  private static void addOneHot(Qubo.Builder b, int first, int count, double p) {
    b.addOffset(p);
    for (int a = 0; a < count; a++) {
      b.addLinear(first + a, -p);
      for (int c = a + 1; c < count; c++) {
        b.addQuadratic(first + a, first + c, 2 * p);
      }
    }
  }

  /** The start-time groups (two or more choices) and the makespan, for moves that keep them one-hot. */
  @Override
  public OneHotGroups oneHotGroups() {
    List<int[]> groups = new ArrayList<>();
    for (int o = 0; o < numOps; o++) {
      if (latest[o] > earliest[o]) {
        groups.add(range(firstVar[o], latest[o] - earliest[o] + 1));
      }
    }
    if (horizon > lowerBound && !feasibilityOnly) {
      groups.add(range(makespanBase, horizon - lowerBound + 1));
    }
    return groups.isEmpty() ? null : new OneHotGroups(groups.toArray(int[][]::new), OneHotGroups.Kind.SHIFT);
  }

  private static int[] range(int first, int count) {
    int[] r = new int[count];
    for (int a = 0; a < count; a++) {
      r[a] = first + a;
    }
    return r;
  }

  /** A schedule: start time per operation (flattened job order), its makespan, and whether it was repaired. */
  public record Schedule(int[] starts, int makespan, boolean repaired) {
  }

  public Schedule decode(byte[] x) {
    int[] starts = new int[numOps];
    boolean oneHot = true;
    for (int o = 0; o < numOps; o++) {
      int found = -1;
      int count = 0;
      for (int t = earliest[o]; t <= latest[o]; t++) {
        if (x[variable(o, t)] == 1) {
          count++;
          found = found < 0 ? t : found;
        }
      }
      oneHot &= count == 1;
      starts[o] = found < 0 ? earliest[o] : found;
    }
    if (feasibilityOnly && oneHot && isFeasible(starts)) {
      int[] leftShifted = listSchedule(starts);
      return new Schedule(leftShifted, makespan(leftShifted), false);
    }
    int declared = -1;
    int makespanCount = 0;
    for (int tau = lowerBound; !feasibilityOnly && tau <= horizon; tau++) {
      if (x[makespanVariable(tau)] == 1) {
        makespanCount++;
        declared = tau;
      }
    }
    if (oneHot && isFeasible(starts)) {
      int makespan = makespan(starts);
      return new Schedule(starts, makespan, makespanCount != 1 || declared < makespan);
    }
    int[] repaired = listSchedule(starts);
    return new Schedule(repaired, makespan(repaired), true);
  }

  /** Precedence within jobs and no overlap on machines. */
  public boolean isFeasible(int[] starts) {
    for (int o = 0; o < numOps; o++) {
      if (o + 1 < numOps && job[o + 1] == job[o] && starts[o + 1] < starts[o] + duration[o]) {
        return false;
      }
      for (int o2 = o + 1; o2 < numOps; o2++) {
        if (machine[o2] == machine[o] && starts[o] < starts[o2] + duration[o2] && starts[o2] < starts[o] + duration[o]) {
          return false;
        }
      }
    }
    return true;
  }

  public int makespan(int[] starts) {
    int end = 0;
    for (int o = 0; o < numOps; o++) {
      end = Math.max(end, starts[o] + duration[o]);
    }
    return end;
  }

  /** Operations in order of their wished starts, each as early as its job predecessor and machine allow. */
  private int[] listSchedule(int[] wished) {
    int[] starts = new int[numOps];
    boolean[] done = new boolean[numOps];
    Map<Integer, Integer> machineFree = new LinkedHashMap<>();
    for (int placed = 0; placed < numOps; placed++) {
      int pick = -1;
      for (int o = 0; o < numOps; o++) {
        boolean ready = !done[o] && (o == 0 || job[o - 1] != job[o] || done[o - 1]);
        if (ready && (pick < 0 || wished[o] < wished[pick])) {
          pick = o;
        }
      }
      int jobReady = pick > 0 && job[pick - 1] == job[pick] ? starts[pick - 1] + duration[pick - 1] : 0;
      starts[pick] = Math.max(jobReady, machineFree.getOrDefault(machine[pick], 0));
      machineFree.put(machine[pick], starts[pick] + duration[pick]);
      done[pick] = true;
    }
    return starts;
  }

  @Override
  public Answer decode(Sample sample) {
    Schedule s = decode(sample.values());
    Map<String, Object> objective = new LinkedHashMap<>();
    objective.put("makespan", s.makespan());
    objective.put("starts", Arrays.copyOf(s.starts(), s.starts().length));
    objective.put("repaired", s.repaired());
    return new Answer(sample.energy(), objective, !s.repaired(), sample.toIntArray(), s.makespan());
  }
}
