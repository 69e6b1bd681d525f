package io.neuroquantum.annealing.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.VarType;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** COO as dimod writes and reads it, on fixtures from dimod's tests (src/test/resources/dimod/README.md). */
class DimodCooTest {

  static String fixture(String name) throws IOException {
    try (InputStream in = DimodCooTest.class.getResourceAsStream("/dimod/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void writesWhatDimodsDumpsWrites() throws IOException {
    Ising ising = Ising.builder(4).addLinear(0, 1).addQuadratic(0, 1, 2).addQuadratic(2, 3, .4).build();
    StringWriter out = new StringWriter();
    CooFormat.write(ising, out);
    assertThat(out.toString()).isEqualTo(fixture("coo_spin_header.txt") + "\n");
    QuadraticModel back = CooFormat.read(new StringReader(fixture("coo_spin_header.txt")), "t", VarType.BINARY, null);
    assertThat(back.approximatelyEquals(ising, 0)).isTrue();
  }

  @Test
  void neverWritesAnExponentAndLosesNoPrecision() {
    Qubo q = Qubo.builder(3).addLinear(0, 1e-5).addLinear(1, -1.0 / 3).addQuadratic(0, 2, 2.5e20)
        .addQuadratic(1, 2, -1e-7).addOffset(1e-9).build();
    StringWriter out = new StringWriter();
    CooFormat.write(q, out);
    String text = out.toString();
    assertThat(text).doesNotContainPattern("\\d[eE]");
    assertThat(text).isEqualTo("# vartype=BINARY\n# offset=0.0000000010\n0 0 0.000010\n"
        + "0 2 250000000000000000000.000000\n1 1 -0.3333333333333333\n1 2 -0.00000010\n");
    // every term line matches dimod's _LINE_REGEX, so dimod reads each one
    text.lines().filter(l -> !l.startsWith("#"))
        .forEach(l -> assertThat(l).matches("^\\s*(\\d+)\\s+(\\d+)\\s+([+-]?\\d*(?:\\.\\d+)?)\\s*$"));
    QuadraticModel back = CooFormat.read(new StringReader(text), "t", VarType.SPIN, null);
    assertThat(back.approximatelyEquals(q, 0)).isTrue();
    assertThat(back.offset()).isEqualTo(1e-9);
  }

  @Test
  void readsDimodsTestFileExceptTheLineDimodSilentlySkips() throws IOException {
    String file = fixture("coo_qubo.qubo");
    assertThatThrownBy(() -> CooFormat.read(new StringReader(file), "coo_qubo.qubo", VarType.BINARY, null))
        .isInstanceOf(FormatException.class).hasMessageStartingWith("coo_qubo.qubo:1: ");
    String withoutBanner = file.substring(file.indexOf('\n') + 1); // qbsolv's p and c lines remain
    QuadraticModel m = CooFormat.read(new StringReader(withoutBanner), "t", VarType.BINARY, null);
    Qubo expected = Qubo.builder(4).addLinear(0, -1).addLinear(1, -1).addLinear(2, -1).addLinear(3, -1).build();
    assertThat(m.approximatelyEquals(expected, 0)).isTrue();
  }

  @Test
  void vartypeHeaderAsDimodMatchesIt() {
    assertThat(CooFormat.read(new StringReader("# a comment, vartype: SPIN\n0 1 1\n"), "t", VarType.BINARY, null))
        .isInstanceOf(Ising.class);
  }
}
