package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.problems.JobShop.Operation;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one instance of OR-Library's job-shop file {@code jobshop1.txt} (Mattfeld &amp; Vaessens: ft06,
 * la01–la40, abz5–9, …), the original multi-instance text: free text, then per instance a line
 * {@code instance NAME}, a line of {@code +} signs, a line of description, a line {@code jobs machines}
 * and one line per job listing {@code machine duration} for each of its steps (machines 0-based).
 * Everything outside the named instance is skipped line by line without building anything.
 */
public final class OrLibraryJobShopReader {
  /** Largest instance accepted: far beyond OR-Library's (50 × 20), refused before anything is allocated. */
  static final int MAX_JOBS = 10_000;
  static final int MAX_MACHINES = 1_000;

  private OrLibraryJobShopReader() {
  }

  /** The jobs of instance {@code instance} (its name, {@code ft06}); {@code size} hears jobs and operations first. */
  public static List<List<Operation>> read(Reader in, String name, String instance, DeclaredSize size) {
    try (LineSource src = new LineSource(in, name)) {
      String line;
      while ((line = src.next()) != null) {
        String[] f = LineSource.fields(line);
        if (f.length == 2 && f[0].equals("instance") && f[1].equals(instance)) {
          return readInstance(src, instance, size);
        }
      }
      throw new InvalidModelException(name + " has no line \"instance " + instance + "\"");
    }
  }

  private static List<List<Operation>> readInstance(LineSource src, String instance, DeclaredSize size) {
    String line = src.nextNonBlank();
    while (line != null && line.strip().startsWith("+")) {
      line = src.nextNonBlank();
    }
    if (line == null) {
      throw src.fileError("instance " + instance + " ends before its description line");
    }
    String header = src.nextNonBlank();   // the line after the description
    if (header == null) {
      throw src.fileError("instance " + instance + " ends before its line \"jobs machines\"");
    }
    String[] h = LineSource.fields(header);
    if (h.length != 2) {
      throw src.error("expected \"jobs machines\", found " + h.length + " fields");
    }
    int jobs = src.parseIndex(h[0], 1, MAX_JOBS, "number of jobs");
    int machines = src.parseIndex(h[1], 1, MAX_MACHINES, "number of machines");
    size.check(jobs * machines, 0);
    List<List<Operation>> result = new ArrayList<>(jobs);
    for (int j = 0; j < jobs; j++) {
      String row = src.nextNonBlank();
      if (row == null) {
        throw src.fileError("instance " + instance + " ends after " + j + " of its " + jobs + " jobs");
      }
      String[] f = LineSource.fields(row);
      if (f.length != 2 * machines) {
        throw src.error("job " + (j + 1) + ": expected " + machines + " pairs \"machine duration\", found "
            + f.length + " numbers");
      }
      List<Operation> ops = new ArrayList<>(machines);
      for (int k = 0; k < machines; k++) {
        int machine = src.parseIndex(f[2 * k], 0, machines - 1, "machine");
        int duration = src.parseIndex(f[2 * k + 1], 0, Integer.MAX_VALUE, "duration");
        ops.add(new Operation(machine, duration));
      }
      result.add(List.copyOf(ops));
    }
    return List.copyOf(result);
  }
}
