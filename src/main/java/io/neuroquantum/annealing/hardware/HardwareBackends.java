package io.neuroquantum.annealing.hardware;

import io.neuroquantum.annealing.hardware.dwave.DWaveBackend;
import io.neuroquantum.annealing.hardware.dwave.DWaveConfig;
import io.neuroquantum.annealing.hardware.quera.QueraBackend;
import io.neuroquantum.annealing.hardware.quera.QueraConfig;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every hardware backend, by the name users pick it with ({@code --backend}, a job's {@code backend}).
 * {@code simulated} is not here: it is the project's own solvers, reached without a vendor. A new
 * backend is one line in {@link #FACTORIES}: its name and how it is built from the environment
 * (where its credentials come from).
 */
public final class HardwareBackends {

  public static final String SIMULATED = "simulated";

  private static final Map<String, Function<Map<String, String>, HardwareBackend>> FACTORIES = new TreeMap<>(Map.of(
      DWaveBackend.NAME, env -> new DWaveBackend(DWaveConfig.fromEnvironment(env)),
      QueraBackend.NAME, env -> new QueraBackend(QueraConfig.from(env, Map.of()))));

  private HardwareBackends() {
  }

  public static boolean exists(String name) {
    return FACTORIES.containsKey(name);
  }

  /** The names users may pick, {@code simulated} first. */
  public static String names() {
    return SIMULATED + " | " + String.join(" | ", FACTORIES.keySet());
  }

  /**
   * Builds a backend from the environment's settings.
   *
   * @throws IllegalArgumentException for an unknown name, missing credentials (the message says which
   *     variable), or JVM wire logging that would write them ({@link WireLogging})
   */
  public static HardwareBackend create(String name, Map<String, String> env) {
    return create(name, env, System.getProperties());
  }

  static HardwareBackend create(String name, Map<String, String> env, Properties system) {
    Function<Map<String, String>, HardwareBackend> factory = FACTORIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown backend '" + name + "'; choose one of " + names());
    }
    String risk = WireLogging.credentialRisk(system);
    if (risk != null) {
      throw new IllegalArgumentException("backend '" + name + "' not started: " + risk);
    }
    return factory.apply(env);
  }
}
