package io.neuroquantum.annealing.io;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads TSPLIB 95 files of type TSP or ATSP and computes distances exactly as TSPLIB defines them:
 * EUC_2D (nint of the Euclidean distance), CEIL_2D, EUC_3D, MAN_2D, MAX_2D, GEO (DDD.MM
 * coordinates, π = 3.141592, Earth radius 6378.388, truncation), ATT (pseudo-Euclidean) and
 * EXPLICIT in every matrix layout (FULL_MATRIX, UPPER_/LOWER_ROW, UPPER_/LOWER_DIAG_ROW and their
 * _COL twins). Display data is skipped. Also reads {@code .opt.tour} files.
 */
public final class TsplibReader {
  /** Largest instance read: its distance matrix alone takes 8·n² bytes. */
  public static final int MAX_DIMENSION = 5_000;

  private TsplibReader() {
  }

  public static TsplibInstance read(Reader in, String fileName) {
    return read(in, fileName, DeclaredSize.ANY);
  }

  /**
   * As {@link #read(Reader, String)}, telling {@code size} the DIMENSION (edges 0: the graph is
   * complete) before a data section allocates anything for it.
   */
  public static TsplibInstance read(Reader in, String fileName, DeclaredSize size) {
    try (LineSource src = new LineSource(in, fileName)) {
      Map<String, String> spec = new HashMap<>();
      double[][] coords = null;
      double[][] distances = null;
      String line;
      while ((line = src.next()) != null) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String keyword = trimmed.split("[\\s:]+", 2)[0].toUpperCase(Locale.ROOT);
        switch (keyword) {
          case "EOF" -> {
            return finish(src, spec, coords, distances);
          }
          case "NODE_COORD_SECTION" -> {
            size.check(dimension(src, spec), 0);
            coords = readCoordinates(src, spec);
          }
          case "EDGE_WEIGHT_SECTION" -> {
            size.check(dimension(src, spec), 0);
            distances = readMatrix(src, spec);
          }
          case "DISPLAY_DATA_SECTION" -> skipLines(src, dimension(src, spec));
          case "FIXED_EDGES_SECTION" -> skipUntil(src, "-1");
          default -> {
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
              throw src.error("expected \"KEY : VALUE\" or a section name, found \"" + trimmed + "\"");
            }
            String key = trimmed.substring(0, colon).strip().toUpperCase(Locale.ROOT);
            spec.put(key, trimmed.substring(colon + 1).strip());
          }
        }
      }
      return finish(src, spec, coords, distances);
    }
  }

  /** Reads the TOUR_SECTION of an {@code .opt.tour} file: 1-based cities ending with -1, returned 0-based. */
  public static int[] readTour(Reader in, String fileName) {
    try (LineSource src = new LineSource(in, fileName)) {
      String line;
      while ((line = src.next()) != null) {
        if (line.strip().toUpperCase(Locale.ROOT).startsWith("TOUR_SECTION")) {
          List<Integer> tour = new ArrayList<>();
          while ((line = src.next()) != null) {
            for (String token : LineSource.fields(line)) {
              int city = src.parseInt(token, "city");
              if (city == -1) {
                return tour.stream().mapToInt(c -> c - 1).toArray();
              }
              if (city < 1) {
                throw src.error("city numbers start at 1, found " + city);
              }
              tour.add(city);
            }
          }
          throw src.fileError("TOUR_SECTION does not end with -1");
        }
      }
      throw src.fileError("no TOUR_SECTION");
    }
  }

  private static TsplibInstance finish(LineSource src, Map<String, String> spec, double[][] coords,
      double[][] distances) {
    String type = spec.getOrDefault("TYPE", "TSP").toUpperCase(Locale.ROOT);
    if (!type.equals("TSP") && !type.equals("ATSP")) {
      throw src.fileError("TYPE " + type + " is not a travelling-salesman instance (TSP or ATSP)");
    }
    String weightType = weightType(src, spec);
    int n = dimension(src, spec);
    if (weightType.equals("EXPLICIT")) {
      if (distances == null) {
        throw src.fileError("EDGE_WEIGHT_TYPE is EXPLICIT but there is no EDGE_WEIGHT_SECTION");
      }
    } else {
      if (coords == null) {
        throw src.fileError("EDGE_WEIGHT_TYPE " + weightType + " needs a NODE_COORD_SECTION");
      }
      distances = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          distances[i][j] = i == j ? 0 : distance(weightType, coords[i], coords[j]);
        }
      }
    }
    return new TsplibInstance(spec.getOrDefault("NAME", src.name()), type, weightType, distances);
  }

  private static String weightType(LineSource src, Map<String, String> spec) {
    String t = spec.get("EDGE_WEIGHT_TYPE");
    if (t == null) {
      throw src.fileError("no EDGE_WEIGHT_TYPE");
    }
    t = t.toUpperCase(Locale.ROOT);
    return switch (t) {
      case "EXPLICIT", "EUC_2D", "CEIL_2D", "EUC_3D", "MAN_2D", "MAX_2D", "GEO", "ATT" -> t;
      default -> throw src.fileError("EDGE_WEIGHT_TYPE " + t + " is not supported");
    };
  }

  private static int dimension(LineSource src, Map<String, String> spec) {
    String d = spec.get("DIMENSION");
    if (d == null) {
      throw src.error("DIMENSION must come before the data sections");
    }
    try {
      int n = Integer.parseInt(d);
      if (n < 2 || n > MAX_DIMENSION) {
        throw src.error("DIMENSION must be in [2, " + MAX_DIMENSION + "], found " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw src.error("DIMENSION must be an integer, found \"" + d + "\"");
    }
  }

  private static double[][] readCoordinates(LineSource src, Map<String, String> spec) {
    int n = dimension(src, spec);
    boolean threeD = "EUC_3D".equalsIgnoreCase(spec.get("EDGE_WEIGHT_TYPE"));
    double[][] coords = new double[n][];
    for (int k = 0; k < n; k++) {
      String line = src.nextNonBlank();
      if (line == null) {
        throw src.fileError("NODE_COORD_SECTION ends after " + k + " of " + n + " nodes");
      }
      String[] f = LineSource.fields(line);
      int expected = threeD ? 4 : 3;
      if (f.length != expected) {
        throw src.error("expected a node \"i x y" + (threeD ? " z" : "") + "\", found " + f.length + " fields");
      }
      int node = src.parseIndex(f[0], 1, n, "node") - 1;
      if (coords[node] != null) {
        throw src.error("node " + (node + 1) + " appears twice");
      }
      coords[node] = new double[expected - 1];
      for (int c = 1; c < expected; c++) {
        coords[node][c - 1] = src.parseDouble(f[c], "coordinate");
      }
    }
    return coords;
  }

  private static double[][] readMatrix(LineSource src, Map<String, String> spec) {
    int n = dimension(src, spec);
    String format = spec.getOrDefault("EDGE_WEIGHT_FORMAT", "FULL_MATRIX").toUpperCase(Locale.ROOT);
    int count = switch (format) {
      case "FULL_MATRIX" -> n * n;
      case "UPPER_ROW", "LOWER_ROW", "UPPER_COL", "LOWER_COL" -> n * (n - 1) / 2;
      case "UPPER_DIAG_ROW", "LOWER_DIAG_ROW", "UPPER_DIAG_COL", "LOWER_DIAG_COL" -> n * (n + 1) / 2;
      default -> throw src.error("EDGE_WEIGHT_FORMAT " + format + " is not supported");
    };
    double[] values = new double[count];
    int read = 0;
    while (read < count) {
      String line = src.next();
      if (line == null) {
        throw src.fileError("EDGE_WEIGHT_SECTION ends after " + read + " of " + count + " weights");
      }
      String[] f = LineSource.fields(line);
      if (read + f.length > count) {
        throw src.error("EDGE_WEIGHT_SECTION has more than the " + count + " weights " + format
            + " needs for dimension " + n);
      }
      for (String token : f) {
        values[read++] = src.parseDouble(token, "edge weight");
      }
    }
    double[][] d = new double[n][n];
    int k = 0;
    switch (format) {
      case "FULL_MATRIX" -> {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            d[i][j] = values[k++];
          }
        }
      }
      // A column-major upper triangle lists the same entries as a row-major lower one, and so on.
      case "UPPER_ROW", "LOWER_COL" -> {
        for (int i = 0; i < n; i++) {
          for (int j = i + 1; j < n; j++) {
            setSymmetric(d, i, j, values[k++]);
          }
        }
      }
      case "LOWER_ROW", "UPPER_COL" -> {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < i; j++) {
            setSymmetric(d, i, j, values[k++]);
          }
        }
      }
      case "UPPER_DIAG_ROW", "LOWER_DIAG_COL" -> {
        for (int i = 0; i < n; i++) {
          for (int j = i; j < n; j++) {
            setSymmetric(d, i, j, values[k++]);
          }
        }
      }
      default -> { // LOWER_DIAG_ROW, UPPER_DIAG_COL
        for (int i = 0; i < n; i++) {
          for (int j = 0; j <= i; j++) {
            setSymmetric(d, i, j, values[k++]);
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      d[i][i] = 0;
    }
    return d;
  }

  private static void setSymmetric(double[][] d, int i, int j, double v) {
    d[i][j] = v;
    d[j][i] = v;
  }

  private static void skipLines(LineSource src, int n) {
    for (int k = 0; k < n; k++) {
      if (src.nextNonBlank() == null) {
        return;
      }
    }
  }

  private static void skipUntil(LineSource src, String terminator) {
    String line;
    while ((line = src.next()) != null) {
      if (Arrays.asList(LineSource.fields(line)).contains(terminator)) {
        return;
      }
    }
  }

  // ---- TSPLIB 95 distance functions -------------------------------------------------------------

  private static final double GEO_PI = 3.141592;
  private static final double EARTH_RADIUS = 6378.388;

  static double distance(String type, double[] a, double[] b) {
    double dx = a[0] - b[0];
    double dy = a[1] - b[1];
    return switch (type) {
      case "EUC_2D" -> nint(Math.sqrt(dx * dx + dy * dy));
      case "EUC_3D" -> {
        double dz = a[2] - b[2];
        yield nint(Math.sqrt(dx * dx + dy * dy + dz * dz));
      }
      case "CEIL_2D" -> Math.ceil(Math.sqrt(dx * dx + dy * dy));
      case "MAN_2D" -> nint(Math.abs(dx) + Math.abs(dy));
      case "MAX_2D" -> Math.max(nint(Math.abs(dx)), nint(Math.abs(dy)));
      case "ATT" -> {
        double r = Math.sqrt((dx * dx + dy * dy) / 10.0);
        double t = nint(r);
        yield t < r ? t + 1 : t;
      }
      case "GEO" -> {
        double latA = geoRadians(a[0]);
        double lonA = geoRadians(a[1]);
        double latB = geoRadians(b[0]);
        double lonB = geoRadians(b[1]);
        double q1 = Math.cos(lonA - lonB);
        double q2 = Math.cos(latA - latB);
        double q3 = Math.cos(latA + latB);
        yield (int) (EARTH_RADIUS * Math.acos(0.5 * ((1.0 + q1) * q2 - (1.0 - q1) * q3)) + 1.0);
      }
      default -> throw new IllegalArgumentException("unsupported edge weight type " + type);
    };
  }

  private static double nint(double x) {
    return (int) (x + 0.5);
  }

  /** DDD.MM (degrees and minutes) to radians, with TSPLIB's truncation and its value of π. */
  private static double geoRadians(double x) {
    int degrees = (int) x;
    double minutes = x - degrees;
    return GEO_PI * (degrees + 5.0 * minutes / 3.0) / 180.0;
  }
}
