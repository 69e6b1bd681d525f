package io.neuroquantum.annealing.model;

/**
 * What a model builder does when the same term is added twice. A quadratic term (i, j) and (j, i)
 * are the same term.
 */
public enum DuplicateTerms {
  /** Add the coefficients, as dimod does: {@code x0*x1 + 2*x0*x1 = 3*x0*x1}. The default. */
  SUM,
  /** Fail with an {@link InvalidModelException} naming the term; for inputs that must list each term once. */
  REJECT
}
