package io.neuroquantum.annealing.strategies;

/**
 * The strategy around the annealing kernels, each knob with one meaning in this simulation:
 *
 * <ul>
 *   <li>{@code tunnellingStrength} τ ≥ 0: the initial transverse field relative to the problem's
 *       scale, Γ₀ = τ·ε with ε the typical local field ({@code TransverseFieldConfig.typicalLocalField}).
 *       τ &gt; 0 runs simulated quantum annealing (Γ from Γ₀ down to ε/100); τ = 0 runs classical
 *       simulated annealing.
 *   <li>{@code coherenceTime}: the span, in sweeps, of one quantum run before a restart from a fresh
 *       random state. A budget of S sweeps per start becomes ⌈S / coherenceTime⌉ anneals of
 *       coherenceTime sweeps each (0: one anneal of the whole budget). Only with τ &gt; 0.
 *   <li>{@code adaptiveCooling}: classical annealing cools in 100 blocks; after each block the next
 *       β step is the geometric schedule's step scaled by s̄/s, where s = β·σ_E is the block's
 *       dimensionless energy fluctuation (σ_E over its sweeps, ≈ √(heat capacity)) and s̄ the mean of
 *       s so far, clamped to [¼, 4]: cooling slows where the specific heat peaks (a phase transition)
 *       and speeds up elsewhere (Huang, Romeo and Sangiovanni-Vincentelli 1986). Once β reaches the cold
 *       end it stays there. Only with τ = 0.
 *   <li>{@code convergenceThreshold} and {@code convergenceWindow}: stop starting new runs once
 *       {@code convergenceWindow} consecutive runs have not lowered the best energy by more than the
 *       threshold (window 0: never stop early).
 *   <li>{@code starts}: runs one after another (multi-start), each from fresh random states.
 *   <li>{@code parallelRuns}: runs at the same time within a start, each with its own seed stream.
 * </ul>
 *
 * Every run of every start has its own seed stream derived from (seed, start, run), so the answer is
 * the same for any thread count.
 */
public record AdvancedAnnealingConfig(double tunnellingStrength, int coherenceTime, boolean adaptiveCooling,
    double convergenceThreshold, int convergenceWindow, int starts, int parallelRuns, int sweeps, int reads,
    long seed) {

  public AdvancedAnnealingConfig {
    if (!(tunnellingStrength >= 0) || !Double.isFinite(tunnellingStrength)) {
      throw new IllegalArgumentException("tunnelling strength must be finite and ≥ 0: " + tunnellingStrength);
    }
    if (coherenceTime < 0) {
      throw new IllegalArgumentException("coherence time must be ≥ 0 sweeps: " + coherenceTime);
    }
    if (coherenceTime > 0 && tunnellingStrength == 0) {
      throw new IllegalArgumentException("a coherence time needs a tunnelling strength > 0 (a quantum run)");
    }
    if (adaptiveCooling && tunnellingStrength > 0) {
      throw new IllegalArgumentException("adaptive cooling applies to classical annealing (tunnelling strength 0)");
    }
    if (!(convergenceThreshold >= 0) || !Double.isFinite(convergenceThreshold)) {
      throw new IllegalArgumentException("convergence threshold must be finite and ≥ 0: " + convergenceThreshold);
    }
    if (convergenceWindow < 0 || starts < 1 || parallelRuns < 1 || sweeps < 1 || reads < 1) {
      throw new IllegalArgumentException("window ≥ 0, and starts, parallel runs, sweeps and reads ≥ 1");
    }
  }

  /** Classical annealing, one start, one run, 10 000 sweeps, 8 reads per run. */
  public static AdvancedAnnealingConfig defaults() {
    return new AdvancedAnnealingConfig(0, 0, false, 0, 0, 1, 1, 10_000, 8, 1L);
  }

  public AdvancedAnnealingConfig withTunnelling(double strength, int coherence) {
    return new AdvancedAnnealingConfig(strength, coherence, adaptiveCooling, convergenceThreshold, convergenceWindow,
        starts, parallelRuns, sweeps, reads, seed);
  }

  public AdvancedAnnealingConfig withAdaptiveCooling(boolean on) {
    return new AdvancedAnnealingConfig(tunnellingStrength, coherenceTime, on, convergenceThreshold, convergenceWindow,
        starts, parallelRuns, sweeps, reads, seed);
  }

  public AdvancedAnnealingConfig withConvergence(double threshold, int window) {
    return new AdvancedAnnealingConfig(tunnellingStrength, coherenceTime, adaptiveCooling, threshold, window, starts,
        parallelRuns, sweeps, reads, seed);
  }

  public AdvancedAnnealingConfig withStarts(int n, int parallel) {
    return new AdvancedAnnealingConfig(tunnellingStrength, coherenceTime, adaptiveCooling, convergenceThreshold,
        convergenceWindow, n, parallel, sweeps, reads, seed);
  }

  public AdvancedAnnealingConfig withBudget(int sweepsPerRun, int readsPerRun) {
    return new AdvancedAnnealingConfig(tunnellingStrength, coherenceTime, adaptiveCooling, convergenceThreshold,
        convergenceWindow, starts, parallelRuns, sweepsPerRun, readsPerRun, seed);
  }

  public AdvancedAnnealingConfig withSeed(long s) {
    return new AdvancedAnnealingConfig(tunnellingStrength, coherenceTime, adaptiveCooling, convergenceThreshold,
        convergenceWindow, starts, parallelRuns, sweeps, reads, s);
  }
}
