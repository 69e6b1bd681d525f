package io.neuroquantum.annealing;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Opens the benchmark files under src/test/resources/instances. */
public final class TestInstances {
  private TestInstances() {
  }

  public static Reader open(String relativePath) {
    InputStream in = TestInstances.class.getResourceAsStream("/instances/" + relativePath);
    if (in == null) {
      throw new UncheckedIOException(new java.io.FileNotFoundException("test instance " + relativePath));
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  public static Path path(String relativePath) {
    try {
      return Path.of(TestInstances.class.getResource("/instances/" + relativePath).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
