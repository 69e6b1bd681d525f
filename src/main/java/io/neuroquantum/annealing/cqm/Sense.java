package io.neuroquantum.annealing.cqm;

/** The relation of a constraint's left-hand side to its right-hand side. */
public enum Sense {
  LE("<="), GE(">="), EQ("=");

  private final String symbol;

  Sense(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
