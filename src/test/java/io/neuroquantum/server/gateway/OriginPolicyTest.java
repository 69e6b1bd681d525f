package io.neuroquantum.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The origin rules in detail; OriginAndMetricsAccessIntegrationTest checks them over real handshakes. */
class OriginPolicyTest {

  @Test
  void same_origin_compares_host_and_port_with_default_ports() {
    OriginPolicy none = new OriginPolicy(List.of(), false);
    assertThat(none.allows(null, "example.com")).isTrue();
    assertThat(none.allows("https://example.com", "example.com")).isTrue();
    assertThat(none.allows("https://example.com", "example.com:443")).isTrue();
    assertThat(none.allows("http://example.com", "example.com")).isTrue();
    assertThat(none.allows("https://EXAMPLE.com:443/", "example.com")).isTrue();
    assertThat(none.allows("http://example.com:8080", "example.com")).isFalse();
    assertThat(none.allows("http://example.com:8080", "example.com:8080")).isTrue();
    assertThat(none.allows("http://[::1]:8080", "[::1]:8080")).isTrue();
    assertThat(none.allows("http://evil.example", "example.com")).isFalse();
    assertThat(none.allows("http://example.com.evil.example", "example.com")).isFalse();
    assertThat(none.allows("http://example.com", null)).isFalse();
    assertThat(none.allows("null", "example.com")).isFalse();
    assertThat(none.allows("not an origin", "example.com")).isFalse();
    assertThat(none.allows("file:///etc/passwd", "example.com")).isFalse();
    assertThat(none.allows("http://user@example.com", "example.com")).isFalse();
    assertThat(none.allows("http://localhost:3000", "example.com")).isFalse();
  }

  @Test
  void listed_origins_star_null_and_loopback_for_development() {
    OriginPolicy listed = new OriginPolicy(List.of("https://app.example/", "http://localhost:3000", "null"), false);
    assertThat(listed.allows("https://app.example", "api.example")).isTrue();
    assertThat(listed.allows("https://app.example:443", "api.example")).isTrue();
    assertThat(listed.allows("http://app.example", "api.example")).isFalse();
    assertThat(listed.allows("http://localhost:3000", "api.example")).isTrue();
    assertThat(listed.allows("http://localhost:3001", "api.example")).isFalse();
    assertThat(listed.allows("null", "api.example")).isTrue();
    assertThat(new OriginPolicy(List.of("*"), false).allows("https://anything.example", "api.example")).isTrue();

    OriginPolicy dev = new OriginPolicy(List.of(), true);
    assertThat(dev.allows("http://localhost:5173", "127.0.0.1:8080")).isTrue();
    assertThat(dev.allows("https://127.0.0.1", "127.0.0.1:8080")).isTrue();
    assertThat(dev.allows("http://[::1]:9000", "127.0.0.1:8080")).isTrue();
    assertThat(dev.allows("chrome-extension://localhost", "127.0.0.1:8080")).isFalse();
    assertThat(dev.allows("http://localhost.evil.example", "127.0.0.1:8080")).isFalse();
    assertThat(dev.allows("https://evil.example", "127.0.0.1:8080")).isFalse();
  }
}
