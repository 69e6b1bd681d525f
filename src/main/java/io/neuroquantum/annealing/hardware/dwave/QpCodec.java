package io.neuroquantum.annealing.hardware.dwave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.embedding.TargetGraph;
import io.neuroquantum.annealing.hardware.embedding.TargetIsing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SAPI's {@code qp} format, both ways (dwave-cloud-client {@code coders.py}). A problem is sent as
 * base64 little-endian float64 arrays laid over the solver's own {@code qubits} and {@code couplers}
 * lists: {@code lin} has one entry per qubit (NaN for qubits the problem does not use), {@code quad}
 * one per coupler whose two qubits are both used. An answer comes back as the used ("active") qubits,
 * energies without the offset, occurrence counts, and samples bit-packed MSB first, one whole number
 * of bytes per sample.
 */
public final class QpCodec {

  private QpCodec() {
  }

  /** The {@code data} object of a QPU problem. */
  public static ObjectNode encodeProblem(TargetIsing problem, int[] qubits, int[][] couplers) {
    TargetGraph g = problem.graph();
    ByteBuffer lin = littleEndian(8 * qubits.length);
    boolean[] active = new boolean[qubits.length];
    for (int i = 0; i < qubits.length; i++) {
      int index = g.indexOf(qubits[i]);
      active[i] = index >= 0 && problem.active()[index];
      lin.putDouble(active[i] ? problem.h()[index] : Double.NaN);
    }
    ByteBuffer quad = littleEndian(8 * couplers.length);
    for (int[] c : couplers) {
      int a = g.indexOf(c[0]);
      int b = g.indexOf(c[1]);
      if (a >= 0 && b >= 0 && problem.active()[a] && problem.active()[b]) {
        quad.putDouble(problem.couplings().getOrDefault(TargetGraph.edgeKey(c[0], c[1]), 0.0));
      }
    }
    ObjectNode data = SapiTransport.JSON.createObjectNode();
    data.put("format", "qp");
    data.put("lin", base64(lin));
    data.put("quad", base64(quad));
    data.put("offset", problem.offset());
    return data;
  }

  /** A decoded {@code qp} answer. {@code spins[s][i]} is sample s's value (±1) of {@code active[i]}. */
  public record Answer(int[] active, double[] energies, int[] occurrences, byte[][] spins, Map<String, Object> timing) {
  }

  public static Answer decodeAnswer(JsonNode answer) throws HardwareException {
    if (!answer.path("format").asText().equals("qp")) {
      throw new HardwareException("D-Wave answered in format '" + answer.path("format").asText()
          + "', expected qp", false);
    }
    try {
      int[] active = ints(answer.path("active_variables").asText());
      double[] energies = doubles(answer.path("energies").asText());
      int[] occurrences = answer.hasNonNull("num_occurrences") ? ints(answer.path("num_occurrences").asText())
          : filled(energies.length);
      byte[] packed = decode(answer.path("solutions").asText());
      int bytesPerSample = (active.length + 7) / 8;
      if (occurrences.length != energies.length || packed.length < bytesPerSample * energies.length) {
        throw new HardwareException("D-Wave's answer is inconsistent: " + energies.length + " energies, "
            + occurrences.length + " occurrence counts, " + packed.length + " solution bytes for "
            + active.length + " qubits", false);
      }
      byte[][] spins = new byte[energies.length][active.length];
      for (int s = 0; s < energies.length; s++) {
        for (int i = 0; i < active.length; i++) {
          int bit = (packed[s * bytesPerSample + i / 8] >> (7 - i % 8)) & 1;
          spins[s][i] = (byte) (bit == 1 ? 1 : -1);
        }
      }
      Map<String, Object> timing = new LinkedHashMap<>();
      answer.path("timing").fields().forEachRemaining(e -> timing.put(e.getKey(), e.getValue().numberValue() != null
          ? e.getValue().numberValue() : e.getValue().asText()));
      return new Answer(active, energies, occurrences, spins, timing);
    } catch (IllegalArgumentException e) {
      throw new HardwareException("D-Wave's answer has a malformed field: " + e.getMessage(), false);
    }
  }

  /** The {@code answer} object for samples over the active qubits (used by the test suite's mock SAPI). */
  public static ObjectNode encodeAnswer(int[] active, double[] energies, int[] occurrences, byte[][] spins,
      int numVariables) {
    ByteBuffer act = littleEndian(4 * active.length);
    for (int q : active) {
      act.putInt(q);
    }
    ByteBuffer en = littleEndian(8 * energies.length);
    for (double e : energies) {
      en.putDouble(e);
    }
    ByteBuffer occ = littleEndian(4 * occurrences.length);
    for (int o : occurrences) {
      occ.putInt(o);
    }
    int bytesPerSample = (active.length + 7) / 8;
    byte[] packed = new byte[bytesPerSample * spins.length];
    for (int s = 0; s < spins.length; s++) {
      for (int i = 0; i < active.length; i++) {
        if (spins[s][i] > 0) {
          packed[s * bytesPerSample + i / 8] |= (byte) (1 << (7 - i % 8));
        }
      }
    }
    ObjectNode answer = SapiTransport.JSON.createObjectNode();
    answer.put("format", "qp");
    answer.put("num_variables", numVariables);
    answer.put("active_variables", base64(act));
    answer.put("energies", base64(en));
    answer.put("num_occurrences", base64(occ));
    answer.put("solutions", Base64.getEncoder().encodeToString(packed));
    return answer;
  }

  public static double[] doubles(String b64) {
    ByteBuffer b = ByteBuffer.wrap(decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[b.remaining() / 8];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getDouble();
    }
    return out;
  }

  public static int[] ints(String b64) {
    ByteBuffer b = ByteBuffer.wrap(decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[b.remaining() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getInt();
    }
    return out;
  }

  /** SAPI's own examples wrap base64 MIME-style (with line breaks), so the MIME decoder is used. */
  private static byte[] decode(String b64) {
    return Base64.getMimeDecoder().decode(b64);
  }

  private static ByteBuffer littleEndian(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String base64(ByteBuffer b) {
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), b.position()));
  }

  private static int[] filled(int n) {
    int[] out = new int[n];
    java.util.Arrays.fill(out, 1);
    return out;
  }
}
