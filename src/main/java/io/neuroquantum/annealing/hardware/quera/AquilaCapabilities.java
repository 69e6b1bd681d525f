package io.neuroquantum.annealing.hardware.quera;

import java.math.BigDecimal;

/**
 * What QuEra's Aquila accepts, in Braket's units (metres, seconds, rad/s): the limits of the
 * {@code QueraAhsParadigmProperties} a GetDevice call returns. The numbers are the ones QuEra
 * publishes for Aquila (capabilities version 0.6); local detuning is left out because Aquila only
 * grants it as an experimental capability on request.
 *
 * @param maxShots shots per task
 * @param maxSites sites (and filled atoms) per register
 * @param areaWidth width of the area atoms may be placed in
 * @param areaHeight height of that area
 * @param spacingRadialMin least distance between two sites
 * @param spacingVerticalMin least difference between two distinct y coordinates (rows)
 * @param positionResolution grid that coordinates must lie on
 * @param c6 van der Waals coefficient of the Rydberg state, rad·m⁶/s
 * @param rabiMin lowest Rabi frequency (amplitude Ω)
 * @param rabiMax highest Rabi frequency
 * @param rabiResolution grid that amplitude values must lie on
 * @param rabiSlewRateMax steepest amplitude change, rad/s²
 * @param detuningMin lowest global detuning Δ
 * @param detuningMax highest global detuning
 * @param detuningResolution grid that detuning values must lie on
 * @param detuningSlewRateMax steepest detuning change, rad/s²
 * @param phaseMin lowest phase, rad
 * @param phaseMax highest phase
 * @param phaseResolution grid that phase values must lie on
 * @param timeResolution grid that time points must lie on
 * @param timeDeltaMin least gap between two time points
 * @param timeMax latest time point (the longest program)
 */
public record AquilaCapabilities(
    int maxShots, int maxSites,
    BigDecimal areaWidth, BigDecimal areaHeight, BigDecimal spacingRadialMin, BigDecimal spacingVerticalMin,
    BigDecimal positionResolution,
    double c6,
    BigDecimal rabiMin, BigDecimal rabiMax, BigDecimal rabiResolution, BigDecimal rabiSlewRateMax,
    BigDecimal detuningMin, BigDecimal detuningMax, BigDecimal detuningResolution, BigDecimal detuningSlewRateMax,
    BigDecimal phaseMin, BigDecimal phaseMax, BigDecimal phaseResolution,
    BigDecimal timeResolution, BigDecimal timeDeltaMin, BigDecimal timeMax) {

  /** Aquila as published by QuEra (bloqade's capabilities.json, version 0.6). */
  public static final AquilaCapabilities AQUILA = new AquilaCapabilities(
      1000, 256,
      dec("75e-6"), dec("76e-6"), dec("4e-6"), dec("4e-6"),
      dec("1e-7"),
      5.42e-24,
      dec("0"), dec("1.58e7"), dec("400"), dec("2.5e14"),
      dec("-1.25e8"), dec("1.25e8"), dec("0.2"), dec("2.5e15"),
      dec("-99"), dec("99"), dec("5e-7"),
      dec("1e-9"), dec("5e-8"), dec("4e-6"));

  /**
   * The Rydberg blockade radius at Rabi frequency {@code rabi}: two atoms closer than this cannot both
   * be excited, {@code R_b = (C6 / Ω)^(1/6)}.
   */
  public double blockadeRadius(double rabi) {
    return Math.pow(c6 / rabi, 1.0 / 6.0);
  }

  /** The interaction energy (rad/s) of two Rydberg atoms {@code distance} metres apart: C6 / R⁶. */
  public double interaction(double distance) {
    return c6 / Math.pow(distance, 6);
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
