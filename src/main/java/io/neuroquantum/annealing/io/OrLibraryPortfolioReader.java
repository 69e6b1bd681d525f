package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.ModelLimits;
import java.io.Reader;

/**
 * Reads OR-Library's portfolio files {@code port1.txt} … {@code port5.txt} (Chang, Meade, Beasley &amp;
 * Sharaiha 2000: Hang Seng, DAX 100, FTSE 100, S&amp;P 100, Nikkei 225, weekly prices 1992–1997): the
 * number of assets n, then per asset a line {@code mean standard-deviation} of its weekly return, then
 * lines {@code i j correlation} (1-based, i ≤ j) for every pair including i = j. The covariance is
 * {@code σᵢⱼ = ρᵢⱼ·sᵢ·sⱼ}; a pair missing or listed twice is an error.
 */
public final class OrLibraryPortfolioReader {

  private OrLibraryPortfolioReader() {
  }

  /** Mean weekly returns, their standard deviations and the correlation matrix (symmetric, full). */
  public record Assets(double[] meanReturns, double[] standardDeviations, double[][] correlation) {

    public int size() {
      return meanReturns.length;
    }

    /** σᵢⱼ = ρᵢⱼ·sᵢ·sⱼ. */
    public double[][] covariance() {
      int n = size();
      double[][] sigma = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          sigma[i][j] = correlation[i][j] * standardDeviations[i] * standardDeviations[j];
        }
      }
      return sigma;
    }
  }

  public static Assets read(Reader in, String name, DeclaredSize size) {
    try (LineSource src = new LineSource(in, name)) {
      String first = src.nextNonBlank();
      if (first == null) {
        throw src.fileError("empty file, expected the number of assets");
      }
      String[] h = LineSource.fields(first);
      if (h.length != 1) {
        throw src.error("expected the number of assets alone on the first line, found " + h.length + " fields");
      }
      int n = src.parseIndex(h[0], 1, ModelLimits.DEFAULT.maxVariables(), "number of assets");
      long pairs = (long) n * (n + 1) / 2;
      size.check(n, pairs);
      double[] mean = new double[n];
      double[] sd = new double[n];
      for (int i = 0; i < n; i++) {
        String line = src.nextNonBlank();
        if (line == null) {
          throw src.fileError("the file ends after " + i + " of the " + n + " assets' returns");
        }
        String[] f = LineSource.fields(line);
        if (f.length != 2) {
          throw src.error("expected \"mean standard-deviation\" of asset " + (i + 1) + ", found " + f.length + " fields");
        }
        mean[i] = src.parseDouble(f[0], "mean return");
        sd[i] = src.parseDouble(f[1], "standard deviation");
        if (sd[i] < 0) {
          throw src.error("standard deviation " + sd[i] + " is negative");
        }
      }
      double[][] rho = new double[n][n];
      boolean[][] seen = new boolean[n][n];
      long read = 0;
      String line;
      while ((line = src.next()) != null) {
        String[] f = LineSource.fields(line);
        if (f.length == 0) {
          continue;
        }
        if (f.length != 3) {
          throw src.error("expected a correlation \"i j rho\", found " + f.length + " fields");
        }
        int i = src.parseIndex(f[0], 1, n, "asset") - 1;
        int j = src.parseIndex(f[1], 1, n, "asset") - 1;
        double r = src.parseDouble(f[2], "correlation");
        if (i > j) {
          throw src.error("pair (" + (i + 1) + ", " + (j + 1) + "): the file lists each pair once with i ≤ j");
        }
        if (seen[i][j]) {
          throw src.error("pair (" + (i + 1) + ", " + (j + 1) + ") listed twice");
        }
        if (r < -1 || r > 1) {
          throw src.error("correlation " + r + " outside [-1, 1]");
        }
        seen[i][j] = true;
        rho[i][j] = r;
        rho[j][i] = r;
        read++;
      }
      if (read < pairs) {
        throw src.fileError("expected a correlation for each of the " + pairs + " pairs i ≤ j, found " + read
            + " (truncated?)");
      }
      return new Assets(mean, sd, rho);
    }
  }
}
