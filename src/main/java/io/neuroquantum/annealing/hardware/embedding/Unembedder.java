package io.neuroquantum.annealing.hardware.embedding;

/**
 * Turns a sample of target qubits back into a logical sample: each variable takes its chain's
 * majority value (a tie gives +1, deterministically), and a chain whose qubits disagree counts as broken.
 */
public final class Unembedder {

  /** One logical sample and how many of its chains were broken. */
  public record Unembedded(byte[] spins, int brokenChains) {
  }

  private Unembedder() {
  }

  /** @param targetSpins ±1 per target index */
  public static Unembedded majorityVote(byte[] targetSpins, Embedding embedding) {
    byte[] spins = new byte[embedding.numVariables()];
    int broken = 0;
    for (int v = 0; v < spins.length; v++) {
      int sum = 0;
      int[] chain = embedding.chain(v);
      for (int q : chain) {
        sum += targetSpins[q];
      }
      if (Math.abs(sum) != chain.length) {
        broken++;
      }
      spins[v] = (byte) (sum >= 0 ? 1 : -1);
    }
    return new Unembedded(spins, broken);
  }
}
