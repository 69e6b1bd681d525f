package io.neuroquantum.annealing.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of a model's variables, in index order, beside the index-based {@link QuadraticModel} (the
 * kernels keep working on int indices; labels matter only at the edges: reading, writing, printing).
 * A label is a string, an integer (held as a {@link Long}) or a tuple of labels (an immutable
 * {@link List}), as dimod allows and its JSON writes them; labels are distinct.
 */
public final class Variables {

  private final int size;
  /** Null for the range 0..n-1, which needs no table. */
  private final List<Object> labels;
  private final Map<Object, Integer> indexOf;

  private Variables(int size, List<Object> labels, Map<Object, Integer> indexOf) {
    this.size = size;
    this.labels = labels;
    this.indexOf = indexOf;
  }

  /** The labels 0, 1, …, n−1: what a model without names has. */
  public static Variables range(int n) {
    if (n < 0) {
      throw new InvalidModelException("number of variables must not be negative: " + n);
    }
    return new Variables(n, null, null);
  }

  /**
   * These labels in this order.
   *
   * @throws InvalidModelException if a label is not a string, integer or list of labels, or repeats
   */
  public static Variables of(List<?> labels) {
    List<Object> normal = new ArrayList<>(labels.size());
    Map<Object, Integer> indexOf = new HashMap<>(labels.size() * 2);
    boolean isRange = true;
    for (Object raw : labels) {
      Object label = normalize(raw);
      Integer previous = indexOf.putIfAbsent(label, normal.size());
      if (previous != null) {
        throw new InvalidModelException("variable label " + show(label) + " appears twice (indices " + previous
            + " and " + normal.size() + ")");
      }
      isRange &= label instanceof Long l && l == normal.size();
      normal.add(label);
    }
    return isRange ? range(normal.size()) : new Variables(normal.size(), Collections.unmodifiableList(normal), indexOf);
  }

  /**
   * A label in its one form: integers of any Java type become {@link Long}, lists become immutable
   * lists of normalised labels (dimod's tuples).
   */
  public static Object normalize(Object label) {
    return switch (label) {
      case String s -> s;
      case Long l -> l;
      case Integer i -> (long) i;
      case Short s -> (long) s;
      case Byte b -> (long) b;
      case BigInteger b when b.bitLength() < 64 -> b.longValue();
      case List<?> tuple -> tuple.stream().map(Variables::normalize).toList();
      case null -> throw new InvalidModelException("a variable label must not be null");
      default -> throw new InvalidModelException("variable label " + label + " is a " + label.getClass().getSimpleName()
          + "; labels are strings, integers or lists of labels");
    };
  }

  public int size() {
    return size;
  }

  /** True when the labels are 0..n−1 in order. */
  public boolean isRange() {
    return labels == null;
  }

  public Object label(int index) {
    if (index < 0 || index >= size) {
      throw new InvalidModelException("variable index " + index + " out of range [0, " + size + ")");
    }
    return labels == null ? (Object) (long) index : labels.get(index);
  }

  /** All labels in index order. */
  public List<Object> labels() {
    if (labels != null) {
      return labels;
    }
    List<Object> out = new ArrayList<>(size);
    for (long i = 0; i < size; i++) {
      out.add(i);
    }
    return Collections.unmodifiableList(out);
  }

  public boolean contains(Object label) {
    return indexOfOrMinusOne(normalize(label)) >= 0;
  }

  /** The index of a label. @throws InvalidModelException if no variable has it */
  public int index(Object label) {
    Object key = normalize(label);
    int i = indexOfOrMinusOne(key);
    if (i < 0) {
      throw new InvalidModelException("no variable is labelled " + show(key));
    }
    return i;
  }

  private int indexOfOrMinusOne(Object key) {
    if (labels == null) {
      return key instanceof Long l && l >= 0 && l < size ? (int) (long) l : -1;
    }
    Integer i = indexOf.get(key);
    return i == null ? -1 : i;
  }

  /**
   * The same variables renamed: a label found in {@code mapping} becomes its value, others stay (as
   * dimod's {@code relabel_variables}). Keys that name no variable are ignored.
   *
   * @throws InvalidModelException if two variables would end up with one label
   */
  public Variables relabel(Map<?, ?> mapping) {
    Map<Object, Object> normal = new HashMap<>();
    mapping.forEach((k, v) -> normal.put(normalize(k), normalize(v)));
    List<Object> out = new ArrayList<>(size);
    for (Object label : labels()) {
      out.add(normal.getOrDefault(label, label));
    }
    return of(out);
  }

  /** These variables without the one at {@code index} (later indices move down by one). */
  public Variables without(int index) {
    label(index);
    List<Object> out = new ArrayList<>(labels());
    out.remove(index);
    return of(out);
  }

  static String show(Object label) {
    return label instanceof String s ? "\"" + s + "\"" : String.valueOf(label);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Variables v && v.size == size && (labels == null && v.labels == null || labels().equals(v.labels()));
  }

  @Override
  public int hashCode() {
    return labels().hashCode();
  }

  @Override
  public String toString() {
    return isRange() ? "Variables(range(" + size + "))" : "Variables" + labels;
  }
}
