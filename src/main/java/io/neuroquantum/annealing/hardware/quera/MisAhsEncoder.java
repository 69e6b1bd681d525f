package io.neuroquantum.annealing.hardware.quera;

import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem.UnitDiskMis;
import io.neuroquantum.annealing.hardware.quera.AhsProgram.TimeSeries;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Turns a maximum independent set on a unit-disk graph into an Aquila program (Ebadi et al. 2022;
 * QuEra's MIS example). Atoms sit at the points, scaled so the Rydberg blockade radius at full Rabi
 * frequency falls between the graph's longest edge and its shortest non-edge: then two atoms blockade
 * each other exactly when their vertices are adjacent. The drive ramps Ω up with Δ negative (all
 * atoms in the ground state), sweeps Δ to a positive value that favours as many Rydberg atoms as the
 * blockade allows, and ramps Ω down; the atoms left in the Rydberg state form an independent set,
 * ideally a maximum one.
 *
 * <p>The final detuning sits between the interaction at the longest edge and at the shortest non-edge
 * (geometric mean), where excitations avoid each other across edges but do not across non-edges.
 * {@code extra.final_detuning} (rad/s) overrides it, since in practice one scans it.
 */
public final class MisAhsEncoder {

  /** Ω's ramp takes at least this long (QuEra's example uses 0.3 µs), longer if the slew limit needs. */
  static final long MIN_RAMP_NANOS = 300;
  static final double DEFAULT_DURATION_MICROS = 4.0;
  public static final String FINAL_DETUNING = "final_detuning";

  private final AquilaCapabilities caps;
  private final AhsProgramValidator validator;

  public MisAhsEncoder(AquilaCapabilities caps) {
    this.caps = caps;
    this.validator = new AhsProgramValidator(caps);
  }

  public AhsEncoding encode(UnitDiskMis problem, HardwareParameters parameters) throws HardwareException {
    int n = problem.size();
    if (n == 0) {
      throw refuse("the problem has no points");
    }
    if (n > caps.maxSites()) {
      throw refuse("the problem has " + n + " points; Aquila holds at most " + caps.maxSites() + " atoms");
    }
    if (parameters.numReads() > caps.maxShots()) {
      throw refuse("num_reads " + parameters.numReads() + " is more than Aquila's " + caps.maxShots() + " shots per task");
    }
    Distances d = distances(problem);
    double rabi = caps.rabiMax().doubleValue();
    double blockade = caps.blockadeRadius(rabi);
    double scale = scale(d, blockade);
    double closest = scale * d.shortest;
    if (n > 1 && closest < caps.spacingRadialMin().doubleValue()) {
      throw refuse(String.format("the closest points (%d, %d) would be %.2f µm apart on the device, closer than "
          + "Aquila's %.1f µm: the blockade radius (%.2f µm at full Rabi frequency) fixes the scale, so the "
          + "shortest distance must be at least %.2f of the longest edge", d.closestI, d.closestJ, closest * 1e6,
          caps.spacingRadialMin().doubleValue() * 1e6, blockade * 1e6,
          caps.spacingRadialMin().doubleValue() / (scale * Math.max(d.longestEdge, d.shortest))));
    }
    double[] devX = onGrid(problem.x(), scale);
    double[] devY = onGrid(problem.y(), scale);
    checkArea(devX, devY);
    Graph<Integer, DefaultEdge> graph = UnitDiskGraph.of(problem.x(), problem.y(), problem.radius());
    if (!edgeKeys(UnitDiskGraph.of(devX, devY, blockade)).equals(edgeKeys(graph))) {
      throw refuse("on Aquila's 0.1 µm position grid some pair of points lands on the other side of the blockade "
          + "radius; the longest edge and the shortest non-edge are too close (ratio " + d.margin() + ")");
    }
    double finalDetuning = finalDetuning(parameters, d, scale);
    AhsProgram program = drive(values(caps.positionResolution(), devX), values(caps.positionResolution(), devY),
        parameters, rabi, finalDetuning);
    List<String> violations = validator.violations(program);
    if (!violations.isEmpty()) {
      throw refuse("the program breaks Aquila's limits: " + String.join("; ", violations));
    }
    return new AhsEncoding(problem, graph, program, scale, blockade, finalDetuning, d.margin());
  }

  /** The longest edge, the shortest non-edge, and the closest pair of the problem. */
  private record Distances(double longestEdge, double shortestNonEdge, double shortest, int closestI, int closestJ) {
    double margin() {
      return longestEdge > 0 && Double.isFinite(shortestNonEdge) ? shortestNonEdge / longestEdge : Double.POSITIVE_INFINITY;
    }
  }

  private static Distances distances(UnitDiskMis p) throws HardwareException {
    double longestEdge = 0;
    double shortestNonEdge = Double.POSITIVE_INFINITY;
    double shortest = Double.POSITIVE_INFINITY;
    int ci = 0;
    int cj = 0;
    for (int i = 0; i < p.size(); i++) {
      for (int j = i + 1; j < p.size(); j++) {
        double dist = Math.hypot(p.x()[i] - p.x()[j], p.y()[i] - p.y()[j]);
        if (dist == 0) {
          throw refuse("points " + i + " and " + j + " coincide");
        }
        if (dist <= p.radius()) {
          longestEdge = Math.max(longestEdge, dist);
        } else {
          shortestNonEdge = Math.min(shortestNonEdge, dist);
        }
        if (dist < shortest) {
          shortest = dist;
          ci = i;
          cj = j;
        }
      }
    }
    return new Distances(longestEdge, shortestNonEdge, shortest, ci, cj);
  }

  /** Device metres per problem unit: the blockade radius midway (geometrically) between edges and non-edges. */
  private double scale(Distances d, double blockade) {
    boolean edges = d.longestEdge > 0;
    boolean nonEdges = Double.isFinite(d.shortestNonEdge);
    if (edges && nonEdges) {
      return blockade / Math.sqrt(d.longestEdge * d.shortestNonEdge);
    }
    if (edges) {
      return blockade / (1.25 * d.longestEdge); // a complete graph: every pair well inside the blockade
    }
    if (nonEdges) {
      return Math.max(1.25 * blockade / d.shortestNonEdge, caps.spacingRadialMin().doubleValue() / d.shortest);
    }
    return 1; // a single point
  }

  private double finalDetuning(HardwareParameters parameters, Distances d, double scale) throws HardwareException {
    Object given = parameters.extra().get(FINAL_DETUNING);
    double value;
    if (given != null) {
      if (!(given instanceof Number number) || !Double.isFinite(number.doubleValue())) {
        throw refuse(FINAL_DETUNING + " must be a number (rad/s), got " + given);
      }
      value = number.doubleValue();
    } else if (d.longestEdge > 0 && Double.isFinite(d.shortestNonEdge)) {
      value = Math.sqrt(caps.interaction(scale * d.longestEdge) * caps.interaction(scale * d.shortestNonEdge));
    } else if (d.longestEdge > 0) {
      value = caps.interaction(scale * d.longestEdge) / 10;
    } else {
      value = 2 * caps.rabiMax().doubleValue();
    }
    value = Math.min(value, caps.detuningMax().doubleValue());
    if (value < caps.detuningMin().doubleValue()) {
      throw refuse(FINAL_DETUNING + " " + value + " is below Aquila's minimum detuning " + caps.detuningMin());
    }
    return value;
  }

  /** The program: every site filled, and the drive schedule of the class comment. */
  private AhsProgram drive(List<BigDecimal> x, List<BigDecimal> y, HardwareParameters parameters, double rabi,
      double finalDetuning) throws HardwareException {
    double micros = parameters.annealingTimeMicros().orElse(DEFAULT_DURATION_MICROS);
    long total = Math.round(micros * 1000);
    long maxNanos = caps.timeMax().movePointRight(9).longValueExact();
    if (!(micros > 0) || total > maxNanos) {
      throw refuse("annealing time " + micros + " µs is outside Aquila's (0, " + maxNanos / 1000.0 + "] µs");
    }
    long ramp = Math.max(MIN_RAMP_NANOS, (long) Math.ceil(rabi / caps.rabiSlewRateMax().doubleValue() * 1e9));
    long minStep = caps.timeDeltaMin().movePointRight(9).longValueExact();
    if (total < 2 * ramp + minStep) {
      throw refuse("annealing time " + micros + " µs is too short for the Rabi ramps (2 × " + ramp / 1000.0
          + " µs and a sweep of at least " + minStep / 1000.0 + " µs)");
    }
    double startDetuning = Math.max(-2 * rabi, caps.detuningMin().doubleValue());
    List<BigDecimal> times = nanos(0, ramp, total - ramp, total);
    TimeSeries amplitude = new TimeSeries(times, values(caps.rabiResolution(), 0, rabi, rabi, 0));
    TimeSeries detuning = new TimeSeries(times,
        values(caps.detuningResolution(), startDetuning, startDetuning, finalDetuning, finalDetuning));
    TimeSeries phase = new TimeSeries(nanos(0, total), values(caps.phaseResolution(), 0, 0));
    return new AhsProgram(x, y, Collections.nCopies(x.size(), 1), amplitude, phase, detuning, 0);
  }

  private double[] onGrid(double[] coordinates, double scale) {
    double min = Double.POSITIVE_INFINITY;
    for (double c : coordinates) {
      min = Math.min(min, c);
    }
    double resolution = caps.positionResolution().doubleValue();
    double[] out = new double[coordinates.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.round((coordinates[i] - min) * scale / resolution) * resolution;
    }
    return out;
  }

  private void checkArea(double[] x, double[] y) throws HardwareException {
    double width = max(x);
    double height = max(y);
    if (width > caps.areaWidth().doubleValue() || height > caps.areaHeight().doubleValue()) {
      throw refuse(String.format("the register needs %.1f × %.1f µm at the blockade scale; Aquila's area is "
          + "%.1f × %.1f µm", width * 1e6, height * 1e6, caps.areaWidth().doubleValue() * 1e6,
          caps.areaHeight().doubleValue() * 1e6));
    }
  }

  private static double max(double[] values) {
    double m = 0;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static List<Long> edgeKeys(Graph<Integer, DefaultEdge> graph) {
    List<Long> keys = new ArrayList<>();
    for (DefaultEdge e : graph.edgeSet()) {
      keys.add(edgeKey(new int[] {graph.getEdgeSource(e), graph.getEdgeTarget(e)}));
    }
    Collections.sort(keys);
    return keys;
  }

  private static long edgeKey(int[] ends) {
    return (long) Math.min(ends[0], ends[1]) << 32 | Math.max(ends[0], ends[1]);
  }

  private static List<BigDecimal> values(BigDecimal resolution, double... values) {
    List<BigDecimal> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(onResolution(v, resolution));
    }
    return out;
  }

  private static List<BigDecimal> nanos(long... times) {
    List<BigDecimal> out = new ArrayList<>(times.length);
    for (long t : times) {
      out.add(BigDecimal.valueOf(t, 9).stripTrailingZeros());
    }
    return out;
  }

  /** The multiple of {@code resolution} nearest to {@code value}, as an exact decimal. */
  static BigDecimal onResolution(double value, BigDecimal resolution) {
    BigDecimal steps = BigDecimal.valueOf(value).divide(resolution, 0, RoundingMode.HALF_EVEN);
    BigDecimal exact = steps.multiply(resolution);
    return exact.signum() == 0 ? BigDecimal.ZERO : exact.stripTrailingZeros();
  }

  private static HardwareException refuse(String reason) {
    return new HardwareException(reason, false);
  }
}
