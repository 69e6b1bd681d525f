package io.neuroquantum.annealing.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelledModelTest {

  @Test
  void labelsAreStringsIntegersOrTuplesAndDistinct() {
    Variables v = Variables.of(List.of("a", 4, List.of("a", "complex key"), "c"));
    assertEquals(4, v.size());
    assertEquals(1, v.index(4L));
    assertEquals(1, v.index(4));
    assertEquals(2, v.index(List.of("a", "complex key")));
    assertEquals(4L, v.label(1));
    assertFalse(v.isRange());
    assertTrue(Variables.of(List.of(0, 1L, 2)).isRange());
    assertEquals(Variables.range(3), Variables.of(List.of(0, 1, 2)));
    InvalidModelException twice = assertThrows(InvalidModelException.class, () -> Variables.of(List.of("a", "b", "a")));
    assertTrue(twice.getMessage().contains("\"a\" appears twice"), twice.getMessage());
    assertThrows(InvalidModelException.class, () -> Variables.of(List.of(1.5)));
    InvalidModelException unknown = assertThrows(InvalidModelException.class, () -> v.index("z"));
    assertTrue(unknown.getMessage().contains("\"z\""), unknown.getMessage());
  }

  @Test
  void relabellingRenamesOnlyTheMappedVariablesAndRefusesCollisions() {
    LabelledModel m = new LabelledModel(Ising.builder(3).addLinear(0, 1).addQuadratic(0, 2, -2).build(),
        Variables.of(List.of("x", "y", "z")));
    LabelledModel r = m.relabel(Map.of("x", 10, "z", "w", "nobody", "q"));
    assertEquals(List.of(10L, "y", "w"), r.variables().labels());
    assertEquals(-2, r.quadratic(10, "w"));
    assertEquals(1, r.linear(10L));
    assertThrows(InvalidModelException.class, () -> m.relabel(Map.of("x", "y")));
    // swapping two labels is a relabelling, not a collision
    assertEquals(List.of("y", "x", "z"), m.relabel(Map.of("x", "y", "y", "x")).variables().labels());
  }

  @Test
  void fixingAVariableKeepsEveryEnergyOfTheOthers() {
    Random rnd = new Random(5);
    for (VarType type : VarType.values()) {
      int n = 7;
      QuadraticModel.Builder<?, ?> b = QuadraticModel.builder(type, n).addOffset(0.75);
      for (int i = 0; i < n; i++) {
        b.addLinear(i, rnd.nextInt(9) - 4);
        for (int j = i + 1; j < n; j++) {
          if (rnd.nextBoolean()) {
            b.addQuadratic(i, j, rnd.nextInt(9) - 4.5);
          }
        }
      }
      LabelledModel full = new LabelledModel(b.build(), Variables.of(List.of("a", "b", "c", "d", "e", "f", "g")));
      for (int value : new int[] {type.low(), type.high()}) {
        LabelledModel fixed = full.fixVariable("c", value);
        assertEquals(List.of("a", "b", "d", "e", "f", "g"), fixed.variables().labels());
        assertEquals(type, fixed.model().varType());
        for (int mask = 0; mask < 1 << (n - 1); mask++) {
          Map<Object, Integer> rest = new HashMap<>();
          for (int k = 0; k < n - 1; k++) {
            rest.put(fixed.variables().label(k), (mask >> k & 1) == 1 ? type.high() : type.low());
          }
          Map<Object, Integer> all = new HashMap<>(rest);
          all.put("c", value);
          assertEquals(full.energy(all), fixed.energy(rest), 1e-12, type + " c=" + value + " mask " + mask);
        }
      }
      InvalidModelException bad = assertThrows(InvalidModelException.class, () -> full.fixVariable("c", 2));
      assertTrue(bad.getMessage().contains("not a " + type.name().toLowerCase()), bad.getMessage());
    }
  }

  @Test
  void sizesMustAgree() {
    assertThrows(InvalidModelException.class,
        () -> new LabelledModel(Qubo.builder(2).build(), Variables.of(List.of("only one"))));
  }
}
