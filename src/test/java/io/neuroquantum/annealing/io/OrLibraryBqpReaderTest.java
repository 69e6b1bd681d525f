package io.neuroquantum.annealing.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * OR-Library bqp files read as they are published (test resources: bqp250.txt byte for byte,
 * bqp500 gzipped as OR-Library ships it), solved with the defaults {@code solve} uses, seeded.
 */
class OrLibraryBqpReaderTest {

  /** Two instances, three entries: 1 2 3 / 2 2 -1 / 1 1 2 and an empty second instance. */
  private static final String TWO_INSTANCES = " 2 \n 2 3 \n 1 2 3 \n 2 2 -1 \n 1 1 2 \n 3 0 \n";

  @Test
  void offDiagonalEntriesCountTwiceAndTheSignIsFlipped() {
    Qubo q = OrLibraryBqpReader.read(new StringReader(TWO_INSTANCES), "t", 1, DeclaredSize.ANY);
    // f(x) = 2 x1 - x2 + 2·3 x1 x2; the QUBO minimises -f
    assertEquals(-2, q.linear(0));
    assertEquals(1, q.linear(1));
    assertEquals(-6, q.quadratic(0, 1));
    assertEquals(-7, q.energy(new byte[] {1, 1}));
    Qubo second = OrLibraryBqpReader.read(new StringReader(TWO_INSTANCES), "t", 2, DeclaredSize.ANY);
    assertEquals(3, second.numVariables());
    assertEquals(0, second.numInteractions());
  }

  @Test
  void badInstancesAndFilesAreRefusedWithTheReason() {
    InvalidModelException range = assertThrows(InvalidModelException.class,
        () -> OrLibraryBqpReader.read(new StringReader(TWO_INSTANCES), "t", 3, DeclaredSize.ANY));
    assertTrue(range.getMessage().contains("instances 1..2"), range.getMessage());
    FormatException truncated = assertThrows(FormatException.class,
        () -> OrLibraryBqpReader.read(new StringReader(" 1 \n 2 3 \n 1 2 3 \n"), "t", 1, DeclaredSize.ANY));
    assertTrue(truncated.getMessage().contains("ends inside"), truncated.getMessage());
    FormatException twice = assertThrows(FormatException.class,
        () -> OrLibraryBqpReader.read(new StringReader(" 1 \n 2 2 \n 1 2 3 \n 2 1 3 \n"), "t", 1, DeclaredSize.ANY));
    assertTrue(twice.getMessage().contains("duplicate"), twice.getMessage());
    InvalidModelException refused = assertThrows(InvalidModelException.class,
        () -> OrLibraryBqpReader.read(new StringReader(TWO_INSTANCES), "t", 1, (n, m) -> {
          throw new InvalidModelException("too big: " + n + " " + m);
        }));
    assertEquals("too big: 2 3", refused.getMessage());
    InvalidModelException noInstance = assertThrows(InvalidModelException.class,
        () -> ProblemReader.read(ProblemReader.ProblemType.QUBO, null, new StringReader(TWO_INSTANCES), "bqp50.txt",
            null, null, DeclaredSize.ANY));
    assertTrue(noInstance.getMessage().contains("--instance"), noInstance.getMessage());
    InvalidModelException notMulti = assertThrows(InvalidModelException.class,
        () -> ProblemReader.read(ProblemReader.ProblemType.QUBO, null, new StringReader("0 0 1\n"), "model.coo",
            null, 2, DeclaredSize.ANY));
    assertTrue(notMulti.getMessage().contains("one problem"), notMulti.getMessage());
  }

  @ParameterizedTest(name = "{0}-{1}")
  @CsvSource({"bqp250, 1", "bqp250, 8", "bqp500, 2"})
  void reachesTheBestKnownValueWithTheDefaults(String file, int k) throws IOException {
    EncodedProblem problem;
    try (Reader r = open(file)) {
      problem = ProblemReader.read(ProblemReader.ProblemType.QUBO, null, r, file + ".txt", null, k, DeclaredSize.ANY);
    }
    SampleSet result = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(1))
        .solve(problem.model(), RunControl.defaults());
    Answer answer = problem.bestAnswer(result);
    assertEquals("bqp", problem.type());
    assertEquals((double) OrLibraryBestKnown.of(file, k), answer.objective().get("value"));
    assertEquals(-OrLibraryBestKnown.of(file, k), answer.energy());
  }

  private static Reader open(String file) throws IOException {
    InputStream plain = OrLibraryBqpReaderTest.class.getResourceAsStream("/instances/bqp/" + file + ".txt");
    InputStream in = plain != null ? plain
        : new GZIPInputStream(OrLibraryBqpReaderTest.class.getResourceAsStream("/instances/bqp/" + file + ".txt.gz"));
    return new InputStreamReader(in, StandardCharsets.US_ASCII);
  }
}
