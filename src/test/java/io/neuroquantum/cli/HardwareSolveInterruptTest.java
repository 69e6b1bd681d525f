package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.hardware.dwave.MockSapi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code solve --backend dwave} stopped (SIGTERM, as Ctrl-C's SIGINT) while its problem waits in
 * SAPI's queue: the CLI's JVM tells SAPI to cancel it before it exits, so the task does not run on.
 */
class HardwareSolveInterruptTest {

  static final String TOKEN = "DEV-cli-interrupt-token-3c3c3c";

  @Test
  void a_solve_stopped_while_its_problem_is_queued_cancels_it_at_sapi() throws Exception {
    try (MockSapi sapi = new MockSapi(TOKEN, 6)) {
      sapi.start();
      sapi.setQueueDelay(Duration.ofMinutes(10));
      Path input = Files.createTempFile("ring8", ".txt");
      StringBuilder ring = new StringBuilder("8 8\n");
      for (int i = 1; i <= 8; i++) {
        ring.append(i).append(' ').append(i % 8 + 1).append(" 1\n");
      }
      Files.writeString(input, ring);
      // the CLI's output goes to a file: read through a pipe, what a killed process wrote last was seen to go missing
      Path output = Files.createTempFile("solve", ".out");
      ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.neuroquantum.cli.Main", "solve", "--problem", "maxcut",
          "--input", input.toString(), "--backend", "dwave", "--num-reads", "10")
          .redirectErrorStream(true).redirectOutput(output.toFile());
      pb.environment().put("NQ_DWAVE_TOKEN", TOKEN);
      pb.environment().put("NQ_DWAVE_ENDPOINT", sapi.endpoint());
      Process cli = pb.start();
      Pattern submitted = Pattern.compile("dwave: submitted as (\\S+)");
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      Matcher m = submitted.matcher(Files.readString(output));
      while (!m.find()) {
        assertThat(cli.isAlive()).as(Files.readString(output)).isTrue();
        assertThat(System.nanoTime()).as("the CLI never submitted").isLessThan(deadline);
        Thread.sleep(50);
        m = submitted.matcher(Files.readString(output));
      }
      String problem = m.group(1);
      assertThat(sapi.statusOf(problem)).isEqualTo("PENDING");
      cli.destroy();   // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
      assertThat(cli.waitFor(1, TimeUnit.MINUTES)).isTrue();
      String said = Files.readString(output);
      assertThat(sapi.cancelRequests).as(said).contains(problem + " PENDING");
      assertThat(sapi.statusOf(problem)).isEqualTo("CANCELLED");
      assertThat(said).contains("dwave: stopped; the task was cancelled at the vendor").doesNotContain(TOKEN);
    }
  }
}
