package io.neuroquantum.cli;

import io.neuroquantum.annealing.schedules.BetaSchedule;
import io.neuroquantum.annealing.solve.InvalidParameterException;
import io.neuroquantum.annealing.solve.Parameter;
import io.neuroquantum.annealing.solve.SolverRegistry;
import io.neuroquantum.annealing.solve.SolverSpec;
import io.neuroquantum.annealing.solvers.StartStates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line's options for solver parameters, made from the {@link SolverRegistry}: one
 * {@code --kebab-case} option per parameter name (the {@code snake_case} of a job body), typed and
 * described from the declarations. What the user gave goes back to the registry as a map, so an
 * option the chosen solver does not take ({@code --replicas} with {@code --solver sa}) is refused with
 * the registry's reason, as a job body with {@code "replicas"} is. Parameters that are about where a
 * job runs ({@code workers}) have no option: the command line runs in-process. {@code --seed} is the
 * command's own (its default is random, reported in the output).
 */
final class SolverOptions {

  /** Older spellings kept working. */
  private static final Map<String, List<String>> ALIASES = Map.of("slices", List.of("--trotter"));

  private SolverOptions() {
  }

  /** Adds an option for every solver parameter to {@code command}. */
  static void addTo(CommandSpec command) {
    for (Map.Entry<String, List<Declared>> e : byName().entrySet()) {
      Parameter p = e.getValue().get(0).parameter();
      List<String> names = new ArrayList<>();
      names.add(option(p.name()));
      names.addAll(ALIASES.getOrDefault(p.name(), List.of()));
      OptionSpec.Builder b = OptionSpec.builder(names.toArray(String[]::new)).description(describe(e.getValue()));
      b = switch (p.type()) {
        case INTEGER -> b.type(Integer.class).paramLabel("N");
        case LONG -> b.type(Long.class).paramLabel("N");
        case NUMBER -> b.type(Double.class).paramLabel("X");
        case FLAG -> b.type(boolean.class).arity("0..1");   // --cluster-moves=false turns off an automatic default
        case CHOICE -> b.type(String.class).paramLabel(String.join("|", p.choices())
            + (p.name().equals("schedule") ? "|" + CUSTOM_SCHEDULE + "FILE" : ""));
        case TEXT -> b.type(String.class).paramLabel("TEXT");
        case NUMBERS, STATES -> throw new IllegalStateException("lists come from files: " + p.name());
      };
      command.addOption(b.build());
    }
    command.addOption(OptionSpec.builder(INITIAL_STATE).type(java.nio.file.Path.class).paramLabel("FILE")
        .description("warm starts, one state per line (0/1 or -1/+1, the model's type), read r from state r mod count "
            + "(sa, descent, tabu: the initial_states parameter)").build());
  }

  /** The option that reads parameter {@code initial_states} from a file. */
  static final String INITIAL_STATE = "--initial-state";

  /** {@code --schedule custom:FILE} reads parameter {@code betas} from FILE instead of naming a schedule. */
  private static final String CUSTOM_SCHEDULE = "custom:";

  /**
   * The solver parameters given on this command line, by registry name. The lists are read from
   * files here: {@code --schedule custom:FILE} gives {@code betas}, {@code --initial-state FILE}
   * gives {@code initial_states}; the registry judges them as it judges a job body's lists.
   */
  static Map<String, Object> given(CommandSpec command) throws IOException {
    ParseResult parsed = command.commandLine().getParseResult();
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : byName().keySet()) {
      OptionSpec opt = command.findOption(option(name));
      if (opt != null && parsed.hasMatchedOption(opt)) {
        out.put(name, opt.getValue());
      }
    }
    if (out.get("schedule") instanceof String s && s.startsWith(CUSTOM_SCHEDULE)) {
      out.remove("schedule");
      out.put("betas", BetaSchedule.readCustom(existing(Path.of(s.substring(CUSTOM_SCHEDULE.length())))));
    }
    OptionSpec states = command.findOption(INITIAL_STATE);
    if (parsed.hasMatchedOption(states)) {
      out.put("initial_states", StartStates.read(existing(states.getValue())));
    }
    return out;
  }

  private static Path existing(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    return file;
  }

  /** The registry's refusal in command-line words: the option's name in front of the same reason. */
  static IllegalArgumentException refusal(InvalidParameterException e) {
    String opt = switch (e.parameter()) {
      case "type" -> "--solver";
      case "betas" -> "--schedule custom:FILE";
      case "initial_states" -> INITIAL_STATE;
      default -> option(e.parameter());
    };
    return new IllegalArgumentException(opt + ": " + e.getMessage(), e);
  }

  static String option(String parameter) {
    return "--" + parameter.replace('_', '-');
  }

  private record Declared(SolverSpec solver, Parameter parameter) {
  }

  /** Each parameter with the solvers that declare it, in the registry's order. */
  private static Map<String, List<Declared>> byName() {
    Map<String, List<Declared>> out = new LinkedHashMap<>();
    for (SolverSpec s : SolverRegistry.all()) {
      for (Parameter p : s.parameters()) {
        boolean list = p.type() == Parameter.Type.NUMBERS || p.type() == Parameter.Type.STATES;
        if (!p.serverOnly() && !list && !p.name().equals(SolverRegistry.SEED.name())) {
          out.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(new Declared(s, p));
        }
      }
    }
    return out;
  }

  /** "help (sa: default 10000; pt: default 4000)", or the solvers and the one default when all agree. */
  private static String describe(List<Declared> declared) {
    Parameter first = declared.get(0).parameter();
    boolean sameDefault = declared.stream().allMatch(d -> d.parameter().defaultText().equals(first.defaultText()));
    String where = sameDefault
        ? declared.stream().map(d -> d.solver().name()).collect(Collectors.joining(", ")) + "; default: "
            + first.defaultText()
        : declared.stream().map(d -> d.solver().name() + ": " + d.parameter().defaultText())
            .collect(Collectors.joining("; "));
    if (declared.size() == SolverRegistry.all().size()) {
      where = "every solver; default: " + first.defaultText();
    }
    return first.help() + " (" + where + ")";
  }
}
