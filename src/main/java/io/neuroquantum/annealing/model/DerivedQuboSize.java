package io.neuroquantum.annealing.model;

/**
 * The size of the QUBO a constrained or higher-order model becomes, worked out from the model before
 * the QUBO is built, so that a caller with limits (the job server) can refuse one that is too big
 * for the price of reading it. Every figure is an upper bound: repeated pairs that merge, slack that
 * a constraint turns out not to need and auxiliaries shared between terms only make the real QUBO
 * smaller.
 *
 * @param decisionVariables bits of the model's own variables (an integer in [l, u]: ⌈log₂(u − l + 1)⌉)
 * @param slackVariables bits of the inequalities' slack
 * @param auxiliaryVariables bits a degree reduction adds (one per pair it substitutes)
 * @param quadraticTerms terms of the QUBO, counted as added, before equal pairs merge: the work of
 *     building it, and a bound on what it holds
 * @param reductionSteps pair moves the degree reduction makes: a substitution in a term moves its
 *     pairs out of the counts and the new term's back in (0 when nothing is above degree 2)
 * @param degree the highest degree of a term before the reduction (2 for a quadratic model)
 */
public record DerivedQuboSize(long decisionVariables, long slackVariables, long auxiliaryVariables, long quadraticTerms,
    long reductionSteps, int degree) {

  /** All the QUBO's variables. */
  public long variables() {
    return saturatedSum(saturatedSum(decisionVariables, slackVariables), auxiliaryVariables);
  }

  /** {@code a·b}, or {@link Long#MAX_VALUE} when it overflows: a size that large is refused anyway. */
  public static long saturatedProduct(long a, long b) {
    if (a <= 0 || b <= 0) {
      return 0;
    }
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /** {@code a + b} for non-negative a and b, or {@link Long#MAX_VALUE} when it overflows. */
  public static long saturatedSum(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }
}
