package io.neuroquantum.annealing.quantum;

/**
 * The field of each sweep of one read, and for {@link FieldSchedule.Adaptive} the feedback that sets it.
 *
 * <p>The adaptive rule. The anneal is cut into B = min(sweeps, 100) blocks of equal length, and Γ falls
 * linearly within each block. After each block the replica's transverse magnetisation mₓ = ⟨Σσˣ⟩/n
 * is averaged over the block (estimated from the kink density of the slices) and its rate of change
 * χ = |Δmₓ / ΔΓ| between consecutive blocks is compared with the running mean χ̄ of all earlier blocks.
 * χ is the transverse susceptibility, which second-order perturbation theory writes as
 * 2·Σₙ|⟨n|Σσˣ|0⟩|²/(Eₙ − E₀): it peaks where the gap is small. If χ &gt; threshold·χ̄, the next
 * block's drop in Γ is the nominal drop times max(¼, χ̄/χ); otherwise it is the nominal drop, which is
 * always the remaining distance to Γ_f divided by the blocks left. So time spent slowly near a peak
 * is paid back evenly by the rest of the anneal, and the last block always ends at Γ_f.
 */
final class AdaptiveFieldControl {
  private static final int MAX_BLOCKS = 100;

  private final TransverseFieldConfig config;
  private final int sweeps;
  private final boolean adaptive;
  private final double threshold;
  private final int blocks;

  // adaptive state
  private int block;
  private double blockStartField;
  private double blockEndField;
  private double magnetisationSum;
  private int sweepsInBlock;
  private double previousMagnetisation = Double.NaN;
  private double previousMeanField = Double.NaN;
  private double susceptibilitySum;
  private int susceptibilityCount;
  private int slowedBlocks;

  AdaptiveFieldControl(TransverseFieldConfig config, int sweeps) {
    this.config = config;
    this.sweeps = sweeps;
    this.adaptive = config.schedule() instanceof FieldSchedule.Adaptive;
    this.threshold = adaptive ? ((FieldSchedule.Adaptive) config.schedule()).threshold() : 0;
    this.blocks = Math.min(sweeps, MAX_BLOCKS);
    this.blockStartField = config.gamma0();
    this.blockEndField = blocks == 1 ? config.gammaFinal()
        : config.gamma0() + (config.gammaFinal() - config.gamma0()) / blocks;
  }

  private int blockStart(int b) {
    return (int) ((long) b * sweeps / blocks);
  }

  /** Γ of sweep {@code t} (0-based); sweeps must be asked for in order when adaptive. */
  double field(int t) {
    if (!adaptive) {
      return config.field(sweeps == 1 ? 1 : (double) t / (sweeps - 1));
    }
    if (t >= sweeps - 1) {
      return config.gammaFinal();
    }
    int from = blockStart(block);
    int length = blockStart(block + 1) - from;
    double fraction = (double) (t - from + 1) / length;
    return blockStartField + (blockEndField - blockStartField) * fraction;
  }

  /** Reports the transverse magnetisation per spin after sweep {@code t}. */
  void observe(int t, double magnetisation) {
    if (!adaptive) {
      return;
    }
    magnetisationSum += magnetisation;
    sweepsInBlock++;
    if (t + 1 < blockStart(block + 1)) {
      return;
    }
    double mean = magnetisationSum / sweepsInBlock;
    double meanField = (blockStartField + blockEndField) / 2;
    double slowdown = 1;
    if (!Double.isNaN(previousMagnetisation) && meanField != previousMeanField) {
      double chi = Math.abs((mean - previousMagnetisation) / (meanField - previousMeanField));
      if (susceptibilityCount > 0) {
        double average = susceptibilitySum / susceptibilityCount;
        if (chi > threshold * average) {
          slowdown = Math.max(0.25, average / chi);
          slowedBlocks++;
        }
      }
      susceptibilitySum += chi;
      susceptibilityCount++;
    }
    previousMagnetisation = mean;
    previousMeanField = meanField;
    magnetisationSum = 0;
    sweepsInBlock = 0;
    block++;
    int left = blocks - block;
    blockStartField = blockEndField;
    if (left <= 1) {
      blockEndField = config.gammaFinal();
    } else {
      double nominal = (blockStartField - config.gammaFinal()) / left;
      blockEndField = blockStartField - nominal * slowdown;
    }
  }

  /** Blocks in which the adaptive rule slowed the field down. */
  int slowedBlocks() {
    return slowedBlocks;
  }
}
