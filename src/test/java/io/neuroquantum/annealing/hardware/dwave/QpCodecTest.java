package io.neuroquantum.annealing.hardware.dwave;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.hardware.embedding.Embedder;
import io.neuroquantum.annealing.hardware.embedding.Embedding;
import io.neuroquantum.annealing.hardware.embedding.TargetGraph;
import io.neuroquantum.annealing.hardware.embedding.TargetIsing;
import io.neuroquantum.annealing.model.Ising;
import org.junit.jupiter.api.Test;

/** Golden vectors produced by dwave-cloud-client's own coders (research/hardware.md §1.4, §1.7). */
class QpCodecTest {

  @Test
  void encodes_the_cloud_clients_golden_problem() {
    int[] qubits = {0, 1, 3, 4};
    int[][] couplers = {{0, 1}, {0, 4}, {1, 3}, {3, 4}};
    TargetGraph g = TargetGraph.of(qubits, couplers);
    // h = {0: 1.0, 1: -0.5}, J = {(0,1): -1.0, (1,3): 0.5}, offset 0.25; variables are qubits 0, 1, 3
    Ising logical = Ising.builder(3).addLinear(0, 1.0).addLinear(1, -0.5).addQuadratic(0, 1, -1.0)
        .addQuadratic(1, 2, 0.5).addOffset(0.25).build();
    TargetIsing p = Embedder.embed(logical, new Embedding(new int[][] {{0}, {1}, {2}}), g, 1.0);
    var data = QpCodec.encodeProblem(p, qubits, couplers);
    assertThat(data.path("lin").asText()).isEqualTo("AAAAAAAA8D8AAAAAAADgvwAAAAAAAAAAAAAAAAAA+H8=");
    assertThat(data.path("quad").asText()).isEqualTo("AAAAAAAA8L8AAAAAAADgPw==");
    assertThat(data.path("offset").asDouble()).isEqualTo(0.25);
  }

  @Test
  void decodes_the_cloud_clients_golden_answer() throws Exception {
    var answer = MockSapi.JSON.readTree("""
        {"format": "qp", "num_variables": 5, "active_variables": "AAAAAAEAAAADAAAA",
         "energies": "AAAAAAAAAMAAAAAAAADwvw==", "num_occurrences": "BwAAAAMAAAA=", "solutions": "IMA=",
         "timing": {"qpu_access_time": 15000.0}}""");
    QpCodec.Answer a = QpCodec.decodeAnswer(answer);
    assertThat(a.active()).containsExactly(0, 1, 3);
    assertThat(a.energies()).containsExactly(-2.0, -1.0);
    assertThat(a.occurrences()).containsExactly(7, 3);
    assertThat(a.spins()[0]).containsExactly(-1, -1, 1);
    assertThat(a.spins()[1]).containsExactly(1, 1, -1);
    assertThat(a.timing()).containsEntry("qpu_access_time", 15000.0);
    // and back: our encoder produces the same bytes
    var again = QpCodec.encodeAnswer(a.active(), a.energies(), a.occurrences(), a.spins(), 5);
    assertThat(again.path("solutions").asText()).isEqualTo("IMA=");
    assertThat(again.path("num_occurrences").asText()).isEqualTo("BwAAAAMAAAA=");
  }

  @Test
  void the_dimodbqm_header_is_padded_to_64_bytes() {
    byte[] file = DimodBqmFile.write(Ising.builder(2).addQuadratic(0, 1, -1).build());
    assertThat(new String(file, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DIMODBQM");
    int headerLength = java.nio.ByteBuffer.wrap(file, 10, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    assertThat((14 + headerLength) % 64).isZero();
    // offset + 2 × (int32, float64) + 2 neighbourhood entries × (int32, float64)
    assertThat(file.length).isEqualTo(14 + headerLength + 8 + 2 * 12 + 2 * 12);
  }
}
