package io.neuroquantum.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryAdmissionTest {

  private static String refusal(QueryAdmission admission, String user) {
    try {
      admission.admit(user);
      return null;
    } catch (QueryException e) {
      return e.code();
    }
  }

  @Test
  void a_cancelled_query_frees_its_slot_at_once_but_its_statement_counts_until_it_has_stopped() {
    QueryAdmission admission = new QueryAdmission(1, 2, 100);
    admission.admit("u");
    assertThat(refusal(admission, "u")).isEqualTo("too_many_queries");
    admission.stopping("u", true);     // cancelled while its statement executes
    admission.admit("u");              // the slot is free at once
    admission.stopping("u", true);
    assertThat(refusal(admission, "u")).as("two statements of u still being stopped").isEqualTo("too_many_queries");
    assertThat(refusal(admission, "someone else")).isNull();
    admission.stopped("u", true);
    assertThat(refusal(admission, "u")).isNull();
  }

  @Test
  void sessions_of_one_user_may_close_in_any_order() {
    QueryAdmission admission = new QueryAdmission(2, 2, 10);
    admission.admit("u");
    admission.stopping("u", false);   // A completed, its session closing
    admission.admit("u");
    admission.stopping("u", false);   // B completed too
    admission.stopped("u", false);    // A closed
    admission.stopped("u", false);    // B closed: the user's count must still be there
    admission.admit("u");
    admission.admit("u");
    assertThat(refusal(admission, "u")).isEqualTo("too_many_queries");
  }

  @Test
  void closing_an_idle_session_does_not_count_against_the_user_but_holds_a_session() {
    QueryAdmission admission = new QueryAdmission(1, 1, 2);
    for (int i = 0; i < 5; i++) {
      admission.admit("u");
      admission.stopping("u", false);   // completed: nothing executing, its session is closing
      admission.stopped("u", false);
    }
    admission.admit("u");
    admission.stopping("u", false);
    admission.admit("u");
    assertThatThrownBy(() -> admission.admit("v")).isInstanceOfSatisfying(QueryException.class,
        e -> assertThat(e.code()).isEqualTo("server_busy"));
    admission.stopped("u", false);
    assertThat(refusal(admission, "v")).isNull();
  }
}
