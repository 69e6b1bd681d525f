package io.neuroquantum.cli;

import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.solvers.Progress;
import io.neuroquantum.annealing.solvers.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Draws solver progress on stderr: a bar redrawn in place on a terminal, otherwise nothing (so
 * redirected stderr is not filled with carriage returns). Never writes to stdout. It shows the
 * problem's objective (Max-Cut's cut) when that follows from the best energy, else the energy.
 */
final class ProgressBar implements ProgressListener {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private final String label;
  private final DoubleUnaryOperator shown;
  private boolean drawn;

  ProgressBar(PrintStream err, String label, DoubleUnaryOperator shown) {
    this.err = err;
    this.label = label;
    this.shown = shown;
  }

  /** A bar when stderr is an interactive terminal, otherwise a listener that does nothing. */
  static ProgressListener forTerminal(EncodedProblem problem) {
    return isTerminal() ? of(System.err, problem) : ProgressListener.NONE;
  }

  /** A bar on {@code err} for {@code problem}: its objective when the energy gives it, else the energy. */
  static ProgressBar of(PrintStream err, EncodedProblem problem) {
    return problem.objectiveOfEnergy()
        .map(o -> new ProgressBar(err, o.name(), o.fromEnergy()))
        .orElseGet(() -> new ProgressBar(err, "energy", e -> e));
  }

  @Override
  public synchronized void onProgress(Progress p) {
    int filled = (int) Math.round(p.fraction() * WIDTH);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    double best = p.bestEnergy();
    err.printf(Locale.ROOT, "\r[%s] %3d%%  best %s %s  %.1fs ", bar, Math.round(p.fraction() * 100), label,
        Double.isFinite(best) ? String.format(Locale.ROOT, "%.6g", shown.applyAsDouble(best)) : "-",
        p.elapsedNanos() / 1e9);
    drawn = true;
    err.flush();
  }

  /** Ends the bar's line so later output starts on a fresh one. */
  static void finish(ProgressListener listener) {
    if (listener instanceof ProgressBar bar && bar.drawn) {
      bar.err.println();
    }
  }

  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {   // JDK 22+: a Console exists even when redirected; isTerminal() tells the truth
      return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
