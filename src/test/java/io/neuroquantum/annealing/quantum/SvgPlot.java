package io.neuroquantum.annealing.quantum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A minimal SVG line chart (log-scale x, linear y in [0, 1]) so benchmark plots need no plotting library. */
final class SvgPlot {
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
  private static final int W = 640;
  private static final int H = 400;
  private static final int LEFT = 60;
  private static final int RIGHT = 180;
  private static final int TOP = 30;
  private static final int BOTTOM = 50;

  record Series(String name, double[] x, double[] y, boolean dashed) {
  }

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  SvgPlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  SvgPlot add(String name, double[] x, double[] y, boolean dashed) {
    series.add(new Series(name, x, y, dashed));
    return this;
  }

  String render() {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = 0;
    for (Series s : series) {
      for (double v : s.x()) {
        minX = Math.min(minX, v);
        maxX = Math.max(maxX, v);
      }
    }
    double lo = Math.floor(Math.log10(minX));
    double hi = Math.ceil(Math.log10(maxX));
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, H));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT, title));
    b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
        LEFT, TOP, pw, ph));
    for (int d = (int) lo; d <= hi; d++) {
      double px = LEFT + (d - lo) / (hi - lo) * pw;
      b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">1e%d</text>%n", px, TOP, px, TOP + ph, px, TOP + ph + 16, d));
    }
    for (int k = 0; k <= 4; k++) {
      double py = TOP + ph - k / 4.0 * ph;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", LEFT, py, LEFT + pw, py, LEFT - 6, py + 4, k / 4.0));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + pw / 2,
        H - 12, xLabel));
    b.append(String.format(Locale.ROOT, "<text transform=\"translate(16,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
        TOP + ph / 2, yLabel));
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String color = COLORS[i % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (int k = 0; k < s.x().length; k++) {
        double px = LEFT + (Math.log10(s.x()[k]) - lo) / (hi - lo) * pw;
        double py = TOP + ph - s.y()[k] * ph;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, color));
      }
      b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
          pts.toString().trim(), color, s.dashed() ? " stroke-dasharray=\"6,4\"" : ""));
      int ly = TOP + 14 + i * 18;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + pw + 10, ly, LEFT + pw + 34, ly, color,
          s.dashed() ? " stroke-dasharray=\"6,4\"" : "", LEFT + pw + 40, ly + 4, s.name()));
    }
    b.append("</svg>\n");
    return b.toString();
  }
}
