package io.neuroquantum.server.gateway;

import java.util.List;

/**
 * Who is on a connection: a user id, the roles that channel rules check, how they signed in
 * ({@code jwt}, {@code api_key} or {@code anonymous}), when the credentials stop being valid
 * ({@code expiresAt}, epoch milliseconds: a JWT's {@code exp}; null for API keys, anonymous access
 * and tokens without {@code exp} where those are allowed), and what the token says about the client
 * for others to see in presence ({@code info}: a JWT's {@code info} claim as JSON text, or null).
 */
public record Principal(String user, List<String> roles, String via, Long expiresAt, String info) {
  public Principal {
    roles = List.copyOf(roles);
  }

  public Principal(String user, List<String> roles, String via) {
    this(user, roles, via, null, null);
  }

  public boolean anonymous() {
    return "anonymous".equals(via);
  }

  public boolean hasAnyRole(List<String> wanted) {
    return roles.stream().anyMatch(wanted::contains);
  }
}
