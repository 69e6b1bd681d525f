package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.hardware.dwave.MockSapi;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
      ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.neuroquantum.cli.Main", "solve", "--problem", "maxcut",
          "--input", input.toString(), "--backend", "dwave", "--num-reads", "10").redirectErrorStream(true);
      pb.environment().put("NQ_DWAVE_TOKEN", TOKEN);
      pb.environment().put("NQ_DWAVE_ENDPOINT", sapi.endpoint());
      Process cli = pb.start();
      List<String> said = new CopyOnWriteArrayList<>();
      CompletableFuture<String> submitted = new CompletableFuture<>();
      Pattern id = Pattern.compile("dwave: submitted as (\\S+)");
      Thread reader = Thread.ofPlatform().daemon().start(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            said.add(line);
            Matcher m = id.matcher(line);
            if (m.find()) {
              submitted.complete(m.group(1));
            }
          }
        } catch (java.io.IOException e) {
          submitted.completeExceptionally(e);
        }
        submitted.completeExceptionally(new AssertionError("the CLI ended without submitting: " + said));
      });
      String problem = submitted.get(2, TimeUnit.MINUTES);
      assertThat(sapi.statusOf(problem)).isEqualTo("PENDING");
      cli.destroy();   // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
      assertThat(cli.waitFor(1, TimeUnit.MINUTES)).isTrue();
      reader.join(Duration.ofSeconds(30));
      assertThat(sapi.cancelRequests).as(String.join("\n", said)).contains(problem + " PENDING");
      assertThat(sapi.statusOf(problem)).isEqualTo("CANCELLED");
      assertThat(String.join("\n", said)).doesNotContain(TOKEN);
    }
  }
}
