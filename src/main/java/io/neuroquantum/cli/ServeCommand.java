package io.neuroquantum.cli;

import io.neuroquantum.server.NeuroQuantumServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: starts the server and runs until the process is stopped (SIGTERM or Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server (the default command).")
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--conf", description = "configuration file (JSON), on top of the embedded defaults")
  Path conf;

  @Override
  public Integer call() {
    NeuroQuantumServer server;
    try {
      server = NeuroQuantumServer.start(conf).toCompletionStage().toCompletableFuture().join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("error: the server could not start: " + cause.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().toCompletionStage().toCompletableFuture().join(),
        "nq-shutdown"));
    System.err.println("NeuroQuantum listening on http://localhost:" + server.httpPort()
        + (server.vertx().isNativeTransportEnabled() ? " (epoll)" : " (NIO: " + server.vertx().unavailableNativeTransportCause() + ")"));
    return 0;
  }
}
