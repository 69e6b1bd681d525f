package io.neuroquantum.annealing.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.VarType;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CooFormatTest {

  @Test
  void reads_linear_and_quadratic_terms_with_exponents_and_comments() {
    String text = "# vartype=BINARY\n# a comment\n0 0 -1.5e0\n0 1 2E+1\n\n1 2 3\n1 0 1\n";
    QuadraticModel m = CooFormat.read(new StringReader(text), "t.coo", VarType.SPIN, null);
    assertThat(m).isInstanceOf(Qubo.class);
    assertThat(m.numVariables()).isEqualTo(3);
    assertThat(m.linear(0)).isEqualTo(-1.5);
    assertThat(m.quadratic(0, 1)).isEqualTo(21);   // 2E+1 and the repeated (1, 0) term are summed
    assertThat(m.quadratic(1, 2)).isEqualTo(3);
  }

  @Test
  void vartype_comes_from_the_header_or_the_default() {
    assertThat(CooFormat.read(new StringReader("# vartype = spin\n0 1 1\n"), "t", VarType.BINARY, null))
        .isInstanceOf(Ising.class);
    assertThat(CooFormat.read(new StringReader("0 1 1\n"), "t", VarType.BINARY, null)).isInstanceOf(Qubo.class);
    assertThatThrownBy(() -> CooFormat.read(new StringReader("# vartype=SPIN\n0 1 1\n"), "t", VarType.BINARY,
        VarType.BINARY)).hasMessage("t:1: the file declares vartype=SPIN but a BINARY model was asked for");
  }

  @Test
  void write_then_read_returns_the_same_model() {
    Ising ising = Ising.builder(4).addLinear(0, 0.1).addLinear(3, -1e-7).addQuadratic(0, 2, 1.0 / 3)
        .addQuadratic(1, 3, -2.5e10).addOffset(0.7).build();
    StringWriter out = new StringWriter();
    CooFormat.write(ising, out);
    QuadraticModel back = CooFormat.read(new StringReader(out.toString()), "t", VarType.BINARY, null);
    assertThat(back.approximatelyEquals(ising, 0)).isTrue();
  }

  @Test
  void malformed_lines_are_errors_with_their_line_number() {
    assertThatThrownBy(() -> CooFormat.read(new StringReader("0 1 1\n0 1\n"), "bad", VarType.BINARY, null))
        .isInstanceOf(FormatException.class).hasMessage("bad:2: expected a term \"i j bias\", found 2 fields");
    assertThatThrownBy(() -> CooFormat.read(new StringReader("0 1 nan\n"), "bad", VarType.BINARY, null))
        .hasMessage("bad:1: bias must be a decimal number, found \"nan\"");
    assertThatThrownBy(() -> CooFormat.read(new StringReader("0 1 Infinity\n"), "bad", VarType.BINARY, null))
        .hasMessageContaining("bad:1: bias must be a decimal number");
    assertThatThrownBy(() -> CooFormat.read(new StringReader("0 1 1e999\n"), "bad", VarType.BINARY, null))
        .hasMessage("bad:1: bias is out of the range of a double: \"1e999\"");
    assertThatThrownBy(() -> CooFormat.read(new StringReader("0 -1 1\n"), "bad", VarType.BINARY, null))
        .hasMessageContaining("bad:1: index -1 out of range");
    assertThatThrownBy(() -> CooFormat.read(new StringReader("0 1.5 1\n"), "bad", VarType.BINARY, null))
        .hasMessage("bad:1: index must be an integer, found \"1.5\"");
    assertThatThrownBy(() -> CooFormat.read(new StringReader("0 1 0x1p3\n"), "bad", VarType.BINARY, null))
        .hasMessageContaining("decimal number");
    assertThatThrownBy(() -> CooFormat.read(new StringReader("# vartype=QUBIT\n"), "bad", VarType.BINARY, null))
        .hasMessage("bad:1: vartype must be SPIN or BINARY, found \"QUBIT\"");
  }

  @Test
  void a_model_over_the_size_limit_is_a_format_error() {
    assertThatThrownBy(() -> CooFormat.read(new StringReader("0 5000000 1\n"), "big", VarType.BINARY, null))
        .isInstanceOf(FormatException.class).hasMessageContaining("over the limit");
  }
}
