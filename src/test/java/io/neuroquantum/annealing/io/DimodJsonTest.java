package io.neuroquantum.annealing.io;

import static io.neuroquantum.annealing.io.DimodCooTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.LabelledModel;
import io.neuroquantum.annealing.model.LabelledSampleSet;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.model.Variables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** dimod's serializable JSON on fixtures from dimod's tests and docs (src/test/resources/dimod/README.md). */
class DimodJsonTest {

  @Test
  void readsDimodsSerializedBqmWithEveryTermTheOffsetAndTheLabels() throws IOException {
    LabelledModel m = DimodJson.readModel(fixture("bqm_v3_labels.json"));
    // BQM({'a': -1, 4: 1, ('a', 'complex key'): 3}, {('a', 'c'): 1, ('b', 'c'): 3.0, ('a', 3): -1}, 3, SPIN)
    assertThat(m.model().varType()).isEqualTo(VarType.SPIN);
    assertThat(m.variables().labels()).containsExactly("a", 4L, List.of("a", "complex key"), "c", "b", 3L);
    assertThat(m.linear("a")).isEqualTo(-1);
    assertThat(m.linear(4)).isEqualTo(1);
    assertThat(m.linear(List.of("a", "complex key"))).isEqualTo(3);
    assertThat(m.linear("c")).isZero();
    assertThat(m.quadratic("a", "c")).isEqualTo(1);
    assertThat(m.quadratic("c", "b")).isEqualTo(3);
    assertThat(m.quadratic(3, "a")).isEqualTo(-1);
    assertThat(m.model().numInteractions()).isEqualTo(3);
    assertThat(m.model().offset()).isEqualTo(3);

    LabelledModel back = DimodJson.readModel(DimodJson.writeModelString(m));
    assertThat(back.variables()).isEqualTo(m.variables()); // mixed labels are not sorted, as in dimod
    assertThat(back.model().approximatelyEquals(m.model(), 0)).isTrue();

    LabelledModel empty = DimodJson.readModel(fixture("bqm_v3_empty.json"));
    assertThat(empty.model().numVariables()).isZero();
    assertThat(empty.model().varType()).isEqualTo(VarType.SPIN);
  }

  @Test
  void writesTheFieldsDimodWritesWithSortedLabels() throws IOException {
    Ising ising = Ising.builder(3).addLinear(0, 0.5).addQuadratic(0, 2, -1e-7).addQuadratic(1, 2, 2).addOffset(-1.25)
        .build();
    LabelledModel m = new LabelledModel(ising, Variables.of(List.of("z", "b", "a")));
    var doc = new ObjectMapper().readTree(DimodJson.writeModelString(m));
    assertThat(doc.fieldNames()).toIterable().containsExactly("type", "version", "use_bytes", "index_type",
        "bias_type", "num_variables", "num_interactions", "variable_labels", "variable_type", "offset", "info",
        "linear_biases", "quadratic_biases", "quadratic_head", "quadratic_tail");
    assertThat(doc.get("variable_labels").toString()).isEqualTo("[\"a\",\"b\",\"z\"]");
    assertThat(doc.get("linear_biases").toString()).isEqualTo("[0.0,0.0,0.5]");
    assertThat(doc.get("quadratic_head").toString()).isEqualTo("[0,0]");
    assertThat(doc.get("quadratic_tail").toString()).isEqualTo("[1,2]");
    assertThat(doc.get("quadratic_biases").toString()).isEqualTo("[2.0,-1.0E-7]");
    assertThat(doc.get("offset").asDouble()).isEqualTo(-1.25);
    LabelledModel back = DimodJson.readModel(doc);
    for (int mask = 0; mask < 8; mask++) {
      var sample = new java.util.HashMap<Object, Integer>();
      for (int k = 0; k < 3; k++) {
        sample.put(m.variables().label(k), (mask >> k & 1) == 1 ? 1 : -1);
      }
      assertThat(back.energy(sample)).isCloseTo(m.energy(sample), org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void readsAndWritesTheSampleSetOfDimodsDocExample() throws IOException {
    String json = fixture("sampleset_v3_doc_example.json");
    LabelledSampleSet read = DimodJson.readSampleSet(json);
    assertThat(read.variables()).isEqualTo(Variables.range(3));
    Sample only = read.samples().best();
    assertThat(only.toIntArray()).containsExactly(-1, 1, -1);
    assertThat(only.energy()).isEqualTo(-0.5);
    assertThat(only.occurrences()).isEqualTo(1);
    ObjectMapper mapper = new ObjectMapper();
    assertThat(mapper.readTree(DimodJson.writeSampleSet(read.samples(), read.variables()).toString()))
        .isEqualTo(mapper.readTree(json));
  }

  @Test
  void sampleSetsRoundTripAcrossWordBoundariesWithLabels() {
    Random rnd = new Random(3);
    int n = 70; // three packed words
    List<Object> labels = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      labels.add(k % 2 == 0 ? "v" + k : (Object) (long) (1000 + k));
    }
    for (VarType type : VarType.values()) {
      List<Sample> samples = new ArrayList<>();
      for (int r = 0; r < 5; r++) {
        byte[] v = new byte[n];
        for (int k = 0; k < n; k++) {
          v[k] = (byte) (rnd.nextBoolean() ? type.high() : type.low());
        }
        samples.add(new Sample(v, r == 0 ? 2 : -r * 0.3, r + 1));
      }
      SampleSet set = SampleSet.of(type, samples, new Timing(0, 0), SamplingStats.none(15));
      LabelledSampleSet back = DimodJson.readSampleSet(DimodJson.writeSampleSet(set, Variables.of(labels)).toString());
      assertThat(back.variables().labels()).isEqualTo(Variables.of(labels).labels());
      assertThat(back.samples().samples()).isEqualTo(set.samples());
      assertThat(back.samples().varType()).isEqualTo(type);
    }
  }

  /** dimod's own use_bytes fixture (test_from_serializable_bytes_v3): float32 biases, uint16 indices, base64 here. */
  @Test
  void readsDimodsBytesBqmAsTheSameModelAsItsListForm() throws IOException {
    LabelledModel lists = DimodJson.readModel(fixture("bqm_v3_labels.json"));
    LabelledModel bytes = DimodJson.readModel(fixture("bqm_v3_bytes_labels.json"));
    assertThat(bytes.variables()).isEqualTo(lists.variables());
    assertThat(bytes.model().approximatelyEquals(lists.model(), 0)).isTrue();
    assertThat(bytes.model().offset()).isEqualTo(3);
    assertThat(bytes.quadratic(3, "a")).isEqualTo(-1);
    assertThat(DimodJson.readModel(fixture("bqm_v3_bytes_empty.json")).model().numVariables()).isZero();

    // written with bytes (float64 and int32, as dimod writes a BQM it built) and read back: every term, offset, label
    var doc = DimodJson.writeModel(bytes, true);
    assertThat(doc.path("use_bytes").asBoolean()).isTrue();
    assertThat(doc.path("bias_type").asText()).isEqualTo("float64");
    var plain = DimodJson.writeModel(bytes, false);
    java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(4 * plain.path("quadratic_head").size())
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    plain.path("quadratic_head").forEach(i -> head.putInt(i.asInt()));
    assertThat(doc.path("quadratic_head").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(head.array()));
    LabelledModel back = DimodJson.readModel(doc.toString());
    assertThat(back.variables()).isEqualTo(bytes.variables());
    assertThat(back.model().approximatelyEquals(bytes.model(), 0)).isTrue();
    assertThat(back.model().offset()).isEqualTo(bytes.model().offset());
  }

  /** The docstring's sample set through dimod's use_bytes code path (README: computed with NumPy from dimod's code). */
  @Test
  void readsAndWritesDimodsBytesSampleSetExactly() throws IOException {
    LabelledSampleSet read = DimodJson.readSampleSet(fixture("sampleset_v3_bytes_doc_example.json"));
    assertThat(read.samples().samples()).containsExactly(new Sample(new byte[] {-1, 1, -1}, -0.5, 1));
    assertThat(read.samples().varType()).isEqualTo(VarType.SPIN);
    ObjectMapper mapper = new ObjectMapper();
    // the same text, field for field and byte for byte (Jackson's int and long nodes differ, their text does not)
    assertThat(DimodJson.writeSampleSet(read.samples(), read.variables(), true).toString())
        .isEqualTo(mapper.readTree(fixture("sampleset_v3_bytes_doc_example.json")).toString());
    // and a bigger random set through both forms
    Random rnd = new Random(9);
    List<Object> labels = new ArrayList<>();
    for (int k = 0; k < 70; k++) {
      labels.add((long) k);
    }
    List<Sample> samples = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      byte[] v = new byte[70];
      for (int k = 0; k < 70; k++) {
        v[k] = (byte) (rnd.nextBoolean() ? 1 : 0);
      }
      samples.add(new Sample(v, r - 1.25, r + 1));
    }
    SampleSet set = SampleSet.of(VarType.BINARY, samples, new Timing(0, 0), SamplingStats.none(10));
    LabelledSampleSet back = DimodJson.readSampleSet(DimodJson.writeSampleSet(set, Variables.of(labels), true).toString());
    assertThat(back.samples().samples()).isEqualTo(set.samples());
  }

  @Test
  void badDocumentsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> DimodJson.readModel("{\"type\": \"DiscreteQuadraticModel\"}"))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("BinaryQuadraticModel");
    assertThatThrownBy(() -> DimodJson.readModel("{\"type\": \"BinaryQuadraticModel\", \"version\": "
        + "{\"bqm_schema\": \"3.0.0\"}, \"use_bytes\": true}")).hasMessageContaining("bias_type: dtype null");
    assertThatThrownBy(() -> DimodJson.readModel("{\"type\": \"BinaryQuadraticModel\", \"version\": "
        + "{\"bqm_schema\": \"2.0.0\"}, \"use_bytes\": true}"))
        .hasMessageContaining("use_bytes=true before bqm_schema 3.0.0 is no longer supported");
    assertThatThrownBy(() -> DimodJson.readModel("{\"type\": \"BinaryQuadraticModel\", \"version\": "
        + "{\"bqm_schema\": \"3.0.0\"}, \"use_bytes\": true, \"bias_type\": \"float64\", \"index_type\": \"int32\", "
        + "\"variable_type\": \"SPIN\", \"variable_labels\": [\"a\"], \"linear_biases\": \"AAAA\", \"offset\": 0}"))
        .hasMessageContaining("linear_biases: 3 bytes are not whole float64 elements");
    assertThatThrownBy(() -> DimodJson.readModel("{\"type\": \"BinaryQuadraticModel\", \"version\": "
        + "{\"bqm_schema\": \"3.0.0\"}, \"variable_type\": \"SPIN\", \"variable_labels\": [\"a\"], \"linear_biases\": [1],"
        + "\"quadratic_biases\": [1], \"quadratic_head\": [0], \"quadratic_tail\": [7], \"offset\": 0}"))
        .hasMessageContaining("quadratic_tail entry 7 is not an index in [0, 1)");
    assertThatThrownBy(() -> DimodJson.readModel("{"))
        .hasMessageStartingWith("not JSON");
  }
}
