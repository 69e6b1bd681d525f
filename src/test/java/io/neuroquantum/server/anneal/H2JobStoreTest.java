package io.neuroquantum.server.anneal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The job store contract on an embedded H2 file (a single node's store). */
class H2JobStoreTest extends JobStoreContract {

  @Override
  Future<JobStore> openEmpty() throws Exception {
    Path dir = Files.createTempDirectory("nq-h2-jobs-");
    dir.toFile().deleteOnExit();
    return H2JobStore.open(vertx, dir.resolve("jobs").toString());
  }

  @Test
  void is_one_nodes_own() {
    assertThat(store.shared()).isFalse();
  }
}
