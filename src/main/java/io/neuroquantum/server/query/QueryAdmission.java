package io.neuroquantum.server.query;

import java.util.HashMap;
import java.util.Map;

/**
 * Who may start a query, counted until the database has really stopped each one. A query is
 * <em>running</em> until it ends for its client (completed, failed, cancelled, timed out), then
 * <em>stopping</em> until the database has stopped its statement and its session is closed (usually
 * milliseconds). A user's running slot is freed at once, so a cancel followed by a new query works,
 * but statements that were still executing when their query ended count until they have stopped (up
 * to {@code maxStoppingPerUser} of them), so cancelling in a loop cannot pile work up in the database; and the sessions of all users together
 * never exceed what the database was given ({@code maxSessions}). Used from one event loop.
 */
final class QueryAdmission {

  private final int maxRunningPerUser;
  private final int maxStoppingPerUser;
  private final int maxSessions;
  private final Map<String, int[]> perUser = new HashMap<>();   // {running, stopping while executing, sessions}
  private int sessions;

  QueryAdmission(int maxRunningPerUser, int maxStoppingPerUser, int maxSessions) {
    this.maxRunningPerUser = maxRunningPerUser;
    this.maxStoppingPerUser = maxStoppingPerUser;
    this.maxSessions = maxSessions;
  }

  /**
   * Admits one more running query for {@code user}.
   *
   * @throws QueryException {@code too_many_queries} (the user's limits) or {@code server_busy} (every session in use)
   */
  void admit(String user) {
    int[] n = perUser.getOrDefault(user, new int[3]);
    if (n[0] >= maxRunningPerUser) {
      throw new QueryException("too_many_queries", "at most " + maxRunningPerUser + " concurrent queries per user");
    }
    if (n[1] >= maxStoppingPerUser) {
      throw new QueryException("too_many_queries", n[1] + " of your queries are still being stopped in the database; "
          + "retry in a moment");
    }
    if (sessions >= maxSessions) {
      throw new QueryException("server_busy", "all " + maxSessions + " database sessions are in use; retry in a moment");
    }
    n[0]++;
    n[2]++;
    sessions++;
    perUser.put(user, n);
  }

  /**
   * The query ended for its client; its session is being closed. Only a statement that was still
   * executing counts against the user meanwhile: closing an idle session is no work for the
   * database, and a client that sends its queries one after another must not be refused for it.
   */
  void stopping(String user, boolean executing) {
    int[] n = perUser.get(user);
    n[0]--;
    if (executing) {
      n[1]++;
    }
  }

  /** The database has stopped the statement and the session is closed ({@code executing} as given to {@link #stopping}). */
  void stopped(String user, boolean executing) {
    int[] n = perUser.get(user);
    if (executing) {
      n[1]--;
    }
    n[2]--;
    sessions--;
    if (n[2] == 0) {
      perUser.remove(user);   // no session of theirs left, running or closing
    }
  }
}
