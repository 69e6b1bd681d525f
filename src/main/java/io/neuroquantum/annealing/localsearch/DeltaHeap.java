package io.neuroquantum.annealing.localsearch;

import java.util.SplittableRandom;

/**
 * {@link FreeMoves} for any model: an indexed binary min-heap of the free variables keyed by the
 * energy change of flipping them, so a flip's neighbours are re-placed in O(log n) each. Equal changes (the rule on ±1
 * graphs) are ordered by a random tag drawn whenever a variable's change is set, so the top of a tie
 * is a uniformly random member of it, as a scan from a random offset would pick.
 *
 * <p>Flat arrays in heap order (key and tag next to each other in memory), allocated once; nothing
 * is allocated per operation.
 */
final class DeltaHeap implements FreeMoves {

  private final int[] heap;        // heap position → variable
  private final double[] key;      // heap position → energy change of flipping that variable
  private final int[] tag;         // heap position → random tie-break
  private final int[] position;    // variable → heap position, or −1 when not in the heap
  private final SplittableRandom random;
  private int size;

  DeltaHeap(int n, SplittableRandom random) {
    heap = new int[n];
    key = new double[n];
    tag = new int[n];
    position = new int[n];
    this.random = random;
  }

  @Override
  public void rebuild(FlipState state, boolean[] free) {
    size = 0;
    for (int i = 0; i < state.n; i++) {
      if (free[i]) {
        heap[size] = i;
        key[size] = state.delta(i);
        tag[size] = random.nextInt();
        position[i] = size++;
      } else {
        position[i] = -1;
      }
    }
    for (int p = (size >>> 1) - 1; p >= 0; p--) {
      siftDown(p);
    }
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public boolean contains(int i) {
    return position[i] >= 0;
  }

  @Override
  public int top() {
    return heap[0];
  }

  @Override
  public double topKey() {
    return key[0];
  }

  @Override
  public void add(int i, double delta) {
    int p = size++;
    heap[p] = i;
    key[p] = delta;
    tag[p] = random.nextInt();
    position[i] = p;
    siftUp(p);
  }

  @Override
  public void remove(int i) {
    int p = position[i];
    position[i] = -1;
    int last = --size;
    if (p == last) {
      return;
    }
    move(last, p);
    if (!siftUp(p)) {
      siftDown(p);
    }
  }

  @Override
  public void update(int i, double delta) {
    int p = position[i];
    if (p < 0) {
      return;   // tabu: not held here, keyed again when it is added back
    }
    key[p] = delta;
    tag[p] = random.nextInt();
    if (!siftUp(p)) {
      siftDown(p);
    }
  }

  private boolean less(int a, int b) {
    return key[a] < key[b] || (key[a] == key[b] && tag[a] < tag[b]);
  }

  /** Moves the entry at {@code from} to {@code to}, keeping the position index. */
  private void move(int from, int to) {
    int v = heap[from];
    heap[to] = v;
    key[to] = key[from];
    tag[to] = tag[from];
    position[v] = to;
  }

  /** True when the entry at p moved up. */
  private boolean siftUp(int p) {
    int v = heap[p];
    double k = key[p];
    int t = tag[p];
    int start = p;
    while (p > 0) {
      int parent = (p - 1) >>> 1;
      if (!(k < key[parent] || (k == key[parent] && t < tag[parent]))) {
        break;
      }
      move(parent, p);
      p = parent;
    }
    if (p == start) {
      return false;
    }
    heap[p] = v;
    key[p] = k;
    tag[p] = t;
    position[v] = p;
    return true;
  }

  private void siftDown(int p) {
    int v = heap[p];
    double k = key[p];
    int t = tag[p];
    int half = size >>> 1;
    while (p < half) {
      int child = 2 * p + 1;
      if (child + 1 < size && less(child + 1, child)) {
        child++;
      }
      if (!(key[child] < k || (key[child] == k && tag[child] < t))) {
        break;
      }
      move(child, p);
      p = child;
    }
    heap[p] = v;
    key[p] = k;
    tag[p] = t;
    position[v] = p;
  }
}
