package io.neuroquantum.server.query;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Reads a result's columns with the getter that fits each column's type, so numbers are never boxed
 * and times skip {@code java.sql.Timestamp}'s time-zone arithmetic: the row loop of a JDBC query
 * stream spends most of its time here and in the driver.
 */
final class JdbcColumns {

  private enum Kind { INT, LONG, DOUBLE, BOOLEAN, TIMESTAMP, DATE, OTHER }

  private final Kind[] kinds;

  JdbcColumns(ResultSetMetaData md) throws SQLException {
    kinds = new Kind[md.getColumnCount()];
    for (int c = 1; c <= kinds.length; c++) {
      kinds[c - 1] = switch (md.getColumnType(c)) {
        case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Kind.INT;
        case Types.BIGINT -> Kind.LONG;
        case Types.DOUBLE, Types.FLOAT, Types.REAL -> Kind.DOUBLE;
        case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
        case Types.TIMESTAMP -> Kind.TIMESTAMP;
        case Types.DATE -> Kind.DATE;
        default -> Kind.OTHER;
      };
    }
  }

  int count() {
    return kinds.length;
  }

  /** Writes the current row of {@code rs} as one row of {@code out}. */
  void writeRow(ResultSet rs, RowEncoder out) throws SQLException {
    out.startRow();
    for (int i = 0; i < kinds.length; i++) {
      int c = i + 1;
      switch (kinds[i]) {
        case INT -> {
          int v = rs.getInt(c);
          if (rs.wasNull()) {
            out.nullValue();
          } else {
            out.integer(v);
          }
        }
        case LONG -> {
          long v = rs.getLong(c);
          if (rs.wasNull()) {
            out.nullValue();
          } else {
            out.integer(v);
          }
        }
        case DOUBLE -> {
          double v = rs.getDouble(c);
          if (rs.wasNull()) {
            out.nullValue();
          } else {
            out.decimal(v);
          }
        }
        case BOOLEAN -> {
          boolean v = rs.getBoolean(c);
          if (rs.wasNull()) {
            out.nullValue();
          } else {
            out.bool(v);
          }
        }
        case TIMESTAMP -> out.dateTime(rs.getObject(c, LocalDateTime.class));
        case DATE -> out.value(rs.getObject(c, LocalDate.class));
        default -> out.value(rs.getObject(c));
      }
    }
    out.endRow();
  }
}
