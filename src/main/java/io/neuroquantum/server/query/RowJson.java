package io.neuroquantum.server.query;

import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.UUID;

/** Writes database values as JSON: numbers and booleans as they are, times ISO-8601, bytes base64. */
final class RowJson {
  private RowJson() {
  }

  static void append(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      out.append(v);
    } else if (v instanceof Double d) {
      out.append(Double.isFinite(d) ? d.toString() : "null");
    } else if (v instanceof Float f) {
      out.append(Float.isFinite(f) ? f.toString() : "null");
    } else if (v instanceof BigDecimal b) {
      out.append(b.toPlainString());
    } else if (v instanceof Boolean b) {
      out.append(b);
    } else if (v instanceof byte[] bytes) {
      string(out, Base64.getEncoder().encodeToString(bytes));
    } else if (v instanceof java.sql.Timestamp t) {
      string(out, t.toLocalDateTime().toString());
    } else if (v instanceof java.sql.Date d) {
      string(out, d.toLocalDate().toString());
    } else if (v instanceof TemporalAccessor || v instanceof UUID) {
      string(out, v.toString());
    } else {
      string(out, v.toString());
    }
  }

  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
