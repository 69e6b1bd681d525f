package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.CompiledQubo;
import io.neuroquantum.annealing.model.ConstrainedQubo;
import io.neuroquantum.annealing.model.Constraint;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.Qubo;
import java.util.ArrayList;
import java.util.List;
import org.jgrapht.Graph;

/**
 * The travelling salesman problem in position encoding: variable {@code c·n + p} is 1 when city c
 * is visited at position p (n² variables). The objective is the length of the closed tour,
 * {@code Σₚ Σᵤ≠ᵥ dᵤᵥ·xᵤ,ₚ·xᵥ,ₚ₊₁}, and one-hot constraints ask for one position per city and one
 * city per position.
 *
 * <p>Default penalty weight: the largest distance. Leaving a city out (or a position empty) breaks
 * two constraints (cost 2P) and saves at most the two tour edges at that city (at most 2·max d), so
 * with P = max d a tour that skips cities is never cheaper than a complete one.
 */
public final class TravelingSalesman {

  /**
   * A closed tour: cities in visiting order, its length, and how many positions the decoder had to
   * fill because the sample did not encode a permutation there.
   */
  public record Tour(int[] order, double length, int repairedPositions) {
    public boolean repaired() {
      return repairedPositions > 0;
    }
  }

  private final double[][] d;
  private final int n;

  private TravelingSalesman(double[][] distances) {
    this.n = distances.length;
    this.d = new double[n][];
    for (int i = 0; i < n; i++) {
      if (distances[i].length != n) {
        throw new InvalidModelException("distance matrix row " + i + " has " + distances[i].length
            + " entries, expected " + n);
      }
      for (int j = 0; j < n; j++) {
        double v = distances[i][j];
        if (!Double.isFinite(v) || v < 0) {
          throw new InvalidModelException("distance (" + i + ", " + j + ") must be finite and non-negative: " + v);
        }
      }
      this.d[i] = distances[i].clone();
    }
  }

  /** A TSP over a square matrix of non-negative distances (asymmetric allowed), n ≥ 3. */
  public static TravelingSalesman of(double[][] distances) {
    if (distances.length < 3) {
      throw new InvalidModelException("a tour needs at least 3 cities, got " + distances.length);
    }
    return new TravelingSalesman(distances);
  }

  /** A TSP over a complete weighted JGraphT graph; a missing edge is an error. */
  public static <V, E> TravelingSalesman of(Graph<V, E> graph) {
    List<V> vertices = new ArrayList<>(graph.vertexSet());
    int n = vertices.size();
    double[][] dist = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        E e = graph.getEdge(vertices.get(i), vertices.get(j));
        if (e == null) {
          throw new InvalidModelException("TSP needs a complete graph; no edge between "
              + vertices.get(i) + " and " + vertices.get(j));
        }
        dist[i][j] = graph.getEdgeWeight(e);
      }
    }
    return of(dist);
  }

  public int numCities() {
    return n;
  }

  public double distance(int from, int to) {
    return d[from][to];
  }

  public int variable(int city, int position) {
    return city * n + position;
  }

  /** Each city's row of position variables: rows of a permutation matrix, for exchange moves. */
  public OneHotGroups oneHotGroups() {
    int[][] rows = new int[n][n];
    for (int c = 0; c < n; c++) {
      for (int p = 0; p < n; p++) {
        rows[c][p] = variable(c, p);
      }
    }
    return new OneHotGroups(rows, OneHotGroups.Kind.EXCHANGE);
  }

  public double maxDistance() {
    double max = 0;
    for (double[] row : d) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    return max;
  }

  /** Tour length as the objective, a permutation as the constraints, penalty = max distance. */
  public ConstrainedQubo model() {
    Qubo.Builder objective = Qubo.builder(n * n);
    for (int p = 0; p < n; p++) {
      int next = (p + 1) % n;
      for (int u = 0; u < n; u++) {
        for (int v = 0; v < n; v++) {
          if (u != v && d[u][v] != 0) {
            objective.addQuadratic(variable(u, p), variable(v, next), d[u][v]);
          }
        }
      }
    }
    List<Constraint> constraints = new ArrayList<>(2 * n);
    for (int c = 0; c < n; c++) {
      int[] vars = new int[n];
      for (int p = 0; p < n; p++) {
        vars[p] = variable(c, p);
      }
      constraints.add(Constraint.oneHot("city " + c + " visited once", vars));
    }
    for (int p = 0; p < n; p++) {
      int[] vars = new int[n];
      for (int c = 0; c < n; c++) {
        vars[c] = variable(c, p);
      }
      constraints.add(Constraint.oneHot("position " + p + " holds one city", vars));
    }
    double weight = maxDistance() > 0 ? maxDistance() : 1.0;
    return ConstrainedQubo.of(objective.build(), constraints).withPenaltyWeight(weight);
  }

  public CompiledQubo compile() {
    return model().compile();
  }

  public CompiledQubo compile(double penaltyWeight) {
    return model().withPenaltyWeight(penaltyWeight).compile();
  }

  /**
   * Reads a tour from a binary sample. Positions are taken in order; each keeps the city the sample
   * put there if there is exactly one not yet used (the nearest to the previous city if several).
   * Cities left over are inserted where they lengthen the tour least.
   */
  public Tour decode(byte[] sample) {
    if (sample.length < n * n) {
      throw new InvalidModelException("sample has " + sample.length + " values, the TSP needs " + n * n);
    }
    boolean permutation = true;
    boolean[] used = new boolean[n];
    List<Integer> tour = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      int chosen = -1;
      int setHere = 0;
      for (int c = 0; c < n; c++) {
        if (sample[variable(c, p)] == 1) {
          setHere++;
          if (!used[c] && (chosen < 0
              || (!tour.isEmpty() && d[tour.get(tour.size() - 1)][c] < d[tour.get(tour.size() - 1)][chosen]))) {
            chosen = c;
          }
        }
      }
      if (setHere != 1 || chosen < 0) {
        permutation = false;
      }
      if (chosen >= 0) {
        used[chosen] = true;
        tour.add(chosen);
      }
    }
    int repaired = n - tour.size();
    for (int c = 0; c < n; c++) {
      if (!used[c]) {
        insertCheapest(tour, c);
      }
    }
    int[] order = tour.stream().mapToInt(Integer::intValue).toArray();
    if (!permutation && repaired == 0) {
      repaired = 1;   // a position held extra cities that were dropped: still a repair
    }
    return new Tour(order, tourLength(order), repaired);
  }

  private void insertCheapest(List<Integer> tour, int city) {
    if (tour.isEmpty()) {
      tour.add(city);
      return;
    }
    int bestAt = 0;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int i = 0; i < tour.size(); i++) {
      int a = tour.get(i);
      int b = tour.get((i + 1) % tour.size());
      double cost = d[a][city] + d[city][b] - d[a][b];
      if (cost < bestCost) {
        bestCost = cost;
        bestAt = i + 1;
      }
    }
    tour.add(bestAt, city);
  }

  /** Length of a closed tour over 0-based cities. */
  public double tourLength(int[] order) {
    double length = 0;
    for (int p = 0; p < order.length; p++) {
      length += d[order[p]][order[(p + 1) % order.length]];
    }
    return length;
  }
}
