package io.neuroquantum.cli;

import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code samples} list of {@code solve --num-samples K / --all}: one row per distinct sample, lowest energy first. */
final class SampleListing {
  private SampleListing() {
  }

  static List<Map<String, Object>> of(SampleSet samples) {
    List<Map<String, Object>> rows = new ArrayList<>(samples.samples().size());
    for (Sample s : samples.samples()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("energy", s.energy());
      row.put("num_occurrences", s.occurrences());
      row.put("sample", s.toIntArray());
      rows.add(row);
    }
    return rows;
  }
}
