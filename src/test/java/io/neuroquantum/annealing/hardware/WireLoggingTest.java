package io.neuroquantum.annealing.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * JVM wire logging that prints request headers would write the vendor's token (the JDK HttpClient's
 * {@code headers} log does, checked by hand on JDK 25): no backend is built while it is on.
 */
class WireLoggingTest {

  static Properties with(String key, String value) {
    Properties p = new Properties();
    p.setProperty(key, value);
    return p;
  }

  @Test
  void header_printing_http_client_logs_and_tls_dumps_are_a_risk_failures_and_request_lines_are_not() {
    for (String risky : new String[] {"headers", "all", "errors,headers", "frames:control", "content", "trace"}) {
      assertThat(WireLogging.credentialRisk(with(WireLogging.HTTP_CLIENT_LOG, risky))).as(risky)
          .contains(WireLogging.HTTP_CLIENT_LOG + "=" + risky);
    }
    assertThat(WireLogging.credentialRisk(with(WireLogging.HTTP_CLIENT_LOG, "errors,requests"))).isNull();
    assertThat(WireLogging.credentialRisk(with(WireLogging.TLS_DEBUG, "ssl:record:plaintext"))).contains("javax.net.debug");
    assertThat(WireLogging.credentialRisk(new Properties())).isNull();
  }

  @Test
  void a_backend_is_not_built_while_wire_logging_would_write_its_token() {
    Map<String, String> env = Map.of("NQ_DWAVE_TOKEN", "DEV-wirelog-token", "NQ_DWAVE_ENDPOINT", "http://127.0.0.1:9/sapi/v2/");
    assertThatThrownBy(() -> HardwareBackends.create("dwave", env, with(WireLogging.HTTP_CLIENT_LOG, "headers")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backend 'dwave' not started: -Djdk.httpclient.HttpClient.log=headers")
        .hasMessageNotContaining("DEV-wirelog-token");
    try (HardwareBackend ok = HardwareBackends.create("dwave", env, new Properties())) {
      assertThat(ok.name()).isEqualTo("dwave");
    }
  }
}
