package io.neuroquantum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar target/neuroquantum.jar [serve | solve | bench] …}; with no arguments it serves.
 */
@Command(name = "neuroquantum", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Quantum-inspired annealing of QUBO/Ising problems and real-time WebSocket streaming.",
    subcommands = {ServeCommand.class, SolveCommand.class, BenchCommand.Group.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    String[] effective = args.length == 0 ? new String[] {"serve"} : args;
    int code = commandLine().execute(effective);
    if (code != 0 || !"serve".equals(effective[0])) {
      System.exit(code);
    }
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    SolverOptions.addTo(cl.getSubcommands().get("solve").getCommandSpec());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
          || e instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("error: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cl;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"neuroquantum " + (v == null ? "dev" : v)};
    }
  }
}
