package io.neuroquantum.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgPlaceholdersTest {

  @Test
  void question_marks_become_numbered_parameters_outside_literals_and_comments() {
    assertThat(PgPlaceholders.convert("SELECT * FROM t WHERE a = ? AND b > ?")).isEqualTo("SELECT * FROM t WHERE a = $1 AND b > $2");
    assertThat(PgPlaceholders.convert("SELECT '?', \"a?\", 'it''s ?' FROM t WHERE x = ?"))
        .isEqualTo("SELECT '?', \"a?\", 'it''s ?' FROM t WHERE x = $1");
    assertThat(PgPlaceholders.convert("SELECT 1 -- why?\nWHERE a = ? /* b? */ AND c = ?"))
        .isEqualTo("SELECT 1 -- why?\nWHERE a = $1 /* b? */ AND c = $2");
    assertThat(PgPlaceholders.convert("SELECT $$ ? $$, $tag$ ? $tag$, ?")).isEqualTo("SELECT $$ ? $$, $tag$ ? $tag$, $1");
    assertThat(PgPlaceholders.convert("SELECT * FROM t WHERE a = $1")).isEqualTo("SELECT * FROM t WHERE a = $1");
  }
}
