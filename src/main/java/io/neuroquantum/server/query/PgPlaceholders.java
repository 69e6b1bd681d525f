package io.neuroquantum.server.query;

/**
 * Turns JDBC-style {@code ?} parameter markers into PostgreSQL's {@code $1, $2, …}, so clients write
 * the same SQL for every backend. Markers inside string literals, quoted identifiers, comments and
 * dollar-quoted strings are left alone; SQL that already uses {@code $n} passes through unchanged.
 */
final class PgPlaceholders {
  private PgPlaceholders() {
  }

  static String convert(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 8);
    int n = 0;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closing(sql, i + 1, c);
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? sql.length() : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int end = sql.indexOf(tag, i + tag.length());
        end = end < 0 ? sql.length() : end + tag.length();
        out.append(sql, i, end);
        i = end;
      } else if (c == '?') {
        out.append('$').append(++n);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Index after the quote that closes a literal opened at {@code from - 1} (a doubled quote escapes). */
  private static int closing(String sql, int from, char quote) {
    int i = from;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  /** {@code $tag$} starting at i (an empty tag is {@code $$}), or null when this is a {@code $n} parameter. */
  private static String dollarTag(String sql, int i) {
    int j = i + 1;
    while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
  }
}
