package io.neuroquantum.annealing.hardware.dwave;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuroquantum.annealing.hardware.HardwareException;

/**
 * A hybrid solver's {@code bq} answer: {@code dimod.SampleSet.to_serializable()}. Samples are packed
 * as in dimod's {@code pack_samples}: per row, uint32 words, variable j being bit {@code j % 32}
 * (least significant first) of word {@code j / 32}, set when the value is positive.
 *
 * @param spins per row, per model variable, ±1
 * @param energies per row, with the offset (dimod's energies include it)
 * @param occurrences per row
 */
record BqAnswer(byte[][] spins, double[] energies, int[] occurrences) {

  static BqAnswer decode(JsonNode answer, int numVariables) throws HardwareException {
    JsonNode data = answer.path("data");
    if (!answer.path("format").asText().equals("bq") || !data.isObject()) {
      throw new HardwareException("D-Wave answered the hybrid problem in format '" + answer.path("format").asText()
          + "', expected bq", false);
    }
    JsonNode labels = data.path("variable_labels");
    int[] column = new int[labels.size()]; // answer column → model variable
    for (int c = 0; c < column.length; c++) {
      column[c] = labels.get(c).asInt(-1);
      if (column[c] < 0 || column[c] >= numVariables) {
        throw new HardwareException("D-Wave's answer names a variable " + labels.get(c) + " the model does not have", false);
      }
    }
    JsonNode rows = data.path("sample_data").path("data");
    if (!data.path("sample_packed").asBoolean(false)) {
      throw new HardwareException("D-Wave's hybrid answer is not bit-packed; this client reads packed samples only", false);
    }
    boolean spin = data.path("variable_type").asText("SPIN").equals("SPIN");
    JsonNode energyData = data.path("vectors").path("energy").path("data");
    JsonNode occurrenceData = data.path("vectors").path("num_occurrences").path("data");
    byte[][] spins = new byte[rows.size()][numVariables];
    double[] energies = new double[rows.size()];
    int[] occurrences = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      JsonNode words = rows.get(r);
      for (int c = 0; c < column.length; c++) {
        long word = words.get(c / 32).asLong();
        boolean set = ((word >>> (c % 32)) & 1) == 1;
        spins[r][column[c]] = (byte) (set ? 1 : -1); // a BINARY 1 is spin +1 too (x = (s + 1) / 2)
      }
      energies[r] = energyData.get(r).asDouble();
      occurrences[r] = occurrenceData.isMissingNode() ? 1 : occurrenceData.get(r).asInt();
    }
    if (!spin && !data.path("variable_type").asText().equals("BINARY")) {
      throw new HardwareException("D-Wave's hybrid answer has variable type " + data.path("variable_type"), false);
    }
    return new BqAnswer(spins, energies, occurrences);
  }
}
