package io.neuroquantum.server.query;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.command.Command;
import org.h2.command.CommandContainer;
import org.h2.command.CommandInterface;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.message.DbException;

/**
 * Decides, with H2's own parser, whether SQL is exactly one query: a SELECT in any of its spellings
 * (WITH … SELECT, VALUES, TABLE, a UNION, a trailing semicolon). H2 would run every statement of
 * {@code SELECT 1; SET SCHEMA …} and answer with the first one's rows, and it counts CALL, EXPLAIN
 * (ANALYZE runs the statement), HELP and SCRIPT as queries too; only the parser tells them apart,
 * since comments and string literals fool any splitting by hand. Parsing executes nothing.
 */
final class H2OneQuery {

  private H2OneQuery() {
  }

  /**
   * @throws QueryException {@code multiple_statements} or {@code not_a_query}
   * @throws SQLException the parser's own error (a syntax error, an unknown table, missing rights)
   */
  static void require(Connection conn, String sql) throws SQLException {
    SessionLocal session = (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
    session.lock();   // as JdbcConnection does around every use of its session
    try {
      Command command = session.prepareLocal(sql);
      try {
        if (!(command instanceof CommandContainer)) {
          throw new QueryException("multiple_statements", "a query is one SELECT statement; this SQL has several");
        }
        if (command.getCommandType() != CommandInterface.SELECT) {
          throw new QueryException("not_a_query", "only a SELECT (or WITH … SELECT, VALUES, TABLE) can be streamed");
        }
      } finally {
        command.close();
      }
    } catch (DbException e) {
      throw DbException.toSQLException(e);
    } finally {
      session.unlock();
    }
  }
}
