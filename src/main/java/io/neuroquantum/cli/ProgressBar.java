package io.neuroquantum.cli;

import io.neuroquantum.annealing.solvers.Progress;
import io.neuroquantum.annealing.solvers.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Draws solver progress on stderr: a bar redrawn in place on a terminal, otherwise nothing (so
 * redirected stderr is not filled with carriage returns). Never writes to stdout.
 */
final class ProgressBar implements ProgressListener {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private boolean drawn;

  private ProgressBar(PrintStream err) {
    this.err = err;
  }

  /** A bar when stderr is an interactive terminal, otherwise a listener that does nothing. */
  static ProgressListener forTerminal() {
    return isTerminal() ? new ProgressBar(System.err) : ProgressListener.NONE;
  }

  @Override
  public synchronized void onProgress(Progress p) {
    int filled = (int) Math.round(p.fraction() * WIDTH);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    err.printf(Locale.ROOT, "\r[%s] %3d%%  best %s  %.1fs ", bar, Math.round(p.fraction() * 100),
        Double.isFinite(p.bestEnergy()) ? String.format(Locale.ROOT, "%.6g", p.bestEnergy()) : "-",
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
