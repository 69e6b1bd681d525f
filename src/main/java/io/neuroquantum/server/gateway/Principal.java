package io.neuroquantum.server.gateway;

import java.util.List;

/**
 * Who is on a connection: a user id, the roles that channel rules check, and how they signed in
 * ({@code jwt}, {@code api_key} or {@code anonymous}).
 */
public record Principal(String user, List<String> roles, String via) {
  public Principal {
    roles = List.copyOf(roles);
  }

  public boolean anonymous() {
    return "anonymous".equals(via);
  }
}
