package io.neuroquantum.annealing.io;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neuroquantum.annealing.model.InvalidModelException;
import java.io.StringReader;

/**
 * Any text fed to the problem readers either parses or fails with a {@link FormatException} or an
 * {@link InvalidModelException}: never another exception, never a hang. Runs its seed inputs in
 * every {@code mvn verify}; {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=ReadersFuzzTest} fuzzes for real.
 */
class ReadersFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void readers_fail_only_with_format_errors(FuzzedDataProvider data) {
    int format = data.consumeInt(0, 4);
    int colors = data.consumeInt(1, 8);
    String text = data.consumeRemainingAsString();
    try {
      ProblemReader.ProblemType type = switch (format) {
        case 0 -> ProblemReader.ProblemType.MAXCUT;
        case 1 -> ProblemReader.ProblemType.COLORING;
        case 2 -> ProblemReader.ProblemType.TSP;
        case 3 -> ProblemReader.ProblemType.QUBO;
        default -> ProblemReader.ProblemType.ISING;
      };
      ProblemReader.read(type, null, new StringReader(text), "fuzz", colors).model();
    } catch (FormatException | InvalidModelException expected) {
      // a clear error is the right answer to bad input
    }
  }
}
