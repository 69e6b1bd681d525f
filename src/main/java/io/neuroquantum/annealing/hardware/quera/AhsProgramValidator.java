package io.neuroquantum.annealing.hardware.quera;

import io.neuroquantum.annealing.hardware.quera.AhsProgram.TimeSeries;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Checks a program the way Aquila does before it accepts a task (the rules of Braket's AHS device
 * validators): register inside the area, on the position grid, atoms far enough apart and rows far
 * enough apart; each time series starting at 0, ascending in steps of at least the minimum, on the
 * time grid, ending together; values in range, on their grid, no steeper than the slew limit;
 * amplitude starting and ending at 0, phase starting at 0. Both the QuEra backend (before it spends a
 * request) and the Braket mock (as the service) use it.
 */
public final class AhsProgramValidator {

  private final AquilaCapabilities caps;

  public AhsProgramValidator(AquilaCapabilities caps) {
    this.caps = caps;
  }

  /** Every rule the program breaks, each as one sentence; empty when Aquila would accept it. */
  public List<String> violations(AhsProgram program) {
    List<String> errors = new ArrayList<>();
    checkRegister(program, errors);
    if (program.localDetunings() > 0) {
      errors.add("local detuning is an experimental capability of Aquila and is not enabled for this task");
    }
    checkSeries("amplitude", program.amplitude(), caps.rabiMin(), caps.rabiMax(), caps.rabiResolution(),
        caps.rabiSlewRateMax(), errors);
    checkSeries("phase", program.phase(), caps.phaseMin(), caps.phaseMax(), caps.phaseResolution(), null, errors);
    checkSeries("detuning", program.detuning(), caps.detuningMin(), caps.detuningMax(), caps.detuningResolution(),
        caps.detuningSlewRateMax(), errors);
    checkEnds(program, errors);
    return errors;
  }

  private void checkRegister(AhsProgram p, List<String> errors) {
    int n = p.sites();
    if (n == 0) {
      errors.add("the register has no sites");
      return;
    }
    if (p.y().size() != n || p.filling().size() != n) {
      errors.add("sites and filling differ in length: " + n + " sites, " + p.filling().size() + " filling values");
      return;
    }
    if (n > caps.maxSites()) {
      // refused before the pairwise checks below, which cost n²
      errors.add("the register has " + n + " sites, more than the maximum " + caps.maxSites());
      return;
    }
    int filled = 0;
    for (int i = 0; i < n; i++) {
      int f = p.filling().get(i);
      if (f != 0 && f != 1) {
        errors.add("filling value " + i + " is " + f + "; it must be 0 or 1");
      }
      filled += f == 1 ? 1 : 0;
      checkCoordinate("x", i, p.x().get(i), caps.areaWidth(), errors);
      checkCoordinate("y", i, p.y().get(i), caps.areaHeight(), errors);
    }
    if (filled > caps.maxSites()) {
      errors.add(filled + " filled sites, more than the maximum " + caps.maxSites());
    }
    double minSpacing = caps.spacingRadialMin().doubleValue();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double d = Math.hypot(p.x().get(i).subtract(p.x().get(j)).doubleValue(),
            p.y().get(i).subtract(p.y().get(j)).doubleValue());
        if (d < minSpacing * (1 - 1e-9)) {
          errors.add("sites " + i + " and " + j + " are " + d + " m apart, closer than the minimum radial spacing "
              + caps.spacingRadialMin());
        }
      }
    }
    TreeSet<BigDecimal> rows = new TreeSet<>(p.y());
    BigDecimal previous = null;
    for (BigDecimal row : rows) {
      if (previous != null && row.subtract(previous).compareTo(caps.spacingVerticalMin()) < 0) {
        errors.add("rows y=" + previous + " and y=" + row + " are closer than the minimum vertical spacing "
            + caps.spacingVerticalMin());
      }
      previous = row;
    }
  }

  private void checkCoordinate(String axis, int site, BigDecimal value, BigDecimal extent, List<String> errors) {
    if (value.signum() < 0 || value.compareTo(extent) > 0) {
      errors.add("site " + site + " " + axis + "=" + value + " lies outside the area [0, " + extent + "]");
    }
    if (!isMultiple(value, caps.positionResolution())) {
      errors.add("site " + site + " " + axis + "=" + value + " is not a multiple of the position resolution "
          + caps.positionResolution());
    }
  }

  private void checkSeries(String name, TimeSeries s, BigDecimal min, BigDecimal max, BigDecimal resolution,
      BigDecimal slewMax, List<String> errors) {
    List<BigDecimal> t = s.times();
    List<BigDecimal> v = s.values();
    if (t.size() != v.size()) {
      errors.add(name + " time_series has " + t.size() + " times but " + v.size() + " values");
      return;
    }
    if (t.size() < 2) {
      errors.add(name + " time_series needs at least 2 points, has " + t.size());
      return;
    }
    if (t.get(0).signum() != 0) {
      errors.add(name + " time_series must start at time 0, starts at " + t.get(0));
    }
    for (int k = 0; k < t.size(); k++) {
      BigDecimal time = t.get(k);
      if (!isMultiple(time, caps.timeResolution())) {
        errors.add("time point " + k + " (" + time + ") of " + name + " is not a multiple of the time resolution "
            + caps.timeResolution());
      }
      if (time.compareTo(caps.timeMax()) > 0) {
        errors.add("time point " + k + " (" + time + ") of " + name + " is after the maximum time " + caps.timeMax());
      }
      BigDecimal value = v.get(k);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        errors.add("Value " + k + " (" + value.toPlainString() + ") in " + name
            + " time_series outside the allowed range [" + min.toPlainString() + ", " + max.toPlainString() + "]");
      }
      if (!isMultiple(value, resolution)) {
        errors.add("Value " + k + " (" + value.toPlainString() + ") in " + name
            + " time_series is not a multiple of the resolution " + resolution.toPlainString());
      }
      if (k == 0) {
        continue;
      }
      BigDecimal step = time.subtract(t.get(k - 1));
      if (step.signum() <= 0) {
        errors.add(name + " times must be strictly ascending; time point " + k + " (" + time + ") is not after "
            + t.get(k - 1));
      } else {
        if (step.compareTo(caps.timeDeltaMin()) < 0) {
          errors.add(name + " time points " + (k - 1) + " and " + k + " are " + step
              + " s apart, less than the minimum time step " + caps.timeDeltaMin());
        }
        if (slewMax != null) {
          BigDecimal slope = value.subtract(v.get(k - 1)).abs().divide(step, MathContext.DECIMAL64);
          if (slope.compareTo(slewMax) > 0) {
            errors.add(name + " slope between time points " + (k - 1) + " and " + k + " is " + slope.toPlainString()
                + ", steeper than the maximum slew rate " + slewMax.toPlainString());
          }
        }
      }
    }
  }

  private static void checkEnds(AhsProgram p, List<String> errors) {
    List<BigDecimal> amplitude = p.amplitude().values();
    if (!amplitude.isEmpty() && (amplitude.get(0).signum() != 0 || amplitude.get(amplitude.size() - 1).signum() != 0)) {
      errors.add("amplitude must start and end at 0, got " + amplitude.get(0) + " and "
          + amplitude.get(amplitude.size() - 1));
    }
    List<BigDecimal> phase = p.phase().values();
    if (!phase.isEmpty() && phase.get(0).signum() != 0) {
      errors.add("phase must start at 0, got " + phase.get(0));
    }
    BigDecimal end = last(p.amplitude().times());
    for (TimeSeries other : List.of(p.phase(), p.detuning())) {
      BigDecimal otherEnd = last(other.times());
      if (end != null && otherEnd != null && end.compareTo(otherEnd) != 0) {
        errors.add("all time series must end at the same time; amplitude ends at " + end + ", another at " + otherEnd);
      }
    }
  }

  private static BigDecimal last(List<BigDecimal> times) {
    return times.isEmpty() ? null : times.get(times.size() - 1);
  }

  private static boolean isMultiple(BigDecimal value, BigDecimal resolution) {
    return value.remainder(resolution).signum() == 0;
  }
}
