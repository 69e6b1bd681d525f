package io.neuroquantum.annealing.hardware.dwave;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.VarType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A model in dimod's {@code DIMODBQM} version 2 file format, what {@code bqm.to_file()} writes and
 * Leap's hybrid solvers read (dimod {@code binary_quadratic_model.py to_file} and
 * {@code serialization/fileview.py make_header}). Variables are labelled 0..n-1, so the file has no
 * label section. Layout: the magic {@code DIMODBQM}, version bytes 2 0, a little-endian uint32
 * header length, the header JSON (sorted keys, Python's separators) and a newline padded with spaces
 * to a multiple of 64 bytes; then the offset (float64), per variable (int32 start of its
 * neighbourhood, float64 linear bias), and per variable its neighbours in index order as (int32
 * neighbour, float64 bias), both directions of every interaction.
 */
public final class DimodBqmFile {

  private DimodBqmFile() {
  }

  public static byte[] write(QuadraticModel model) {
    int n = model.numVariables();
    List<List<double[]>> neighbourhoods = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      neighbourhoods.add(new ArrayList<>());
    }
    model.forEachInteraction((i, j, value) -> {
      neighbourhoods.get(i).add(new double[] {j, value});
      neighbourhoods.get(j).add(new double[] {i, value});
    });
    long interactions = 0;
    for (List<double[]> nb : neighbourhoods) {
      nb.sort((a, b) -> Double.compare(a[0], b[0]));
      interactions += nb.size();
    }
    interactions /= 2;
    String vartype = model.varType() == VarType.SPIN ? "SPIN" : "BINARY";
    String header = "{\"dtype\": \"float64\", \"itype\": \"int32\", \"ntype\": \"int32\", \"shape\": [" + n + ", "
        + interactions + "], \"type\": \"BinaryQuadraticModel\", \"variables\": false, \"vartype\": \"" + vartype
        + "\"}\n";
    int prefix = 8 + 2 + 4;
    int unpadded = prefix + header.length();
    int padded = (unpadded + 63) / 64 * 64;
    ByteBuffer out = ByteBuffer.allocate(padded + 8 + 12 * n + 24 * (int) interactions).order(ByteOrder.LITTLE_ENDIAN);
    out.put("DIMODBQM".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0);
    out.putInt(padded - prefix);
    out.put(header.getBytes(StandardCharsets.US_ASCII));
    while (out.position() < padded) {
      out.put((byte) ' ');
    }
    out.putDouble(model.offset());
    int start = 0;
    for (int i = 0; i < n; i++) {
      out.putInt(start).putDouble(model.linear(i));
      start += neighbourhoods.get(i).size();
    }
    for (List<double[]> nb : neighbourhoods) {
      for (double[] e : nb) {
        out.putInt((int) e[0]).putDouble(e[1]);
      }
    }
    return out.array();
  }
}
