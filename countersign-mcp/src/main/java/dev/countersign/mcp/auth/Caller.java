package dev.countersign.mcp.auth;

import java.util.List;

/**
 * An identity the API server vouched for in a TokenReview: whom the door files for.
 *
 * @param username the user name, e.g. {@code system:serviceaccount:agents:ops-agent}
 * @param groups its groups, as the API server authenticated them
 */
public record Caller(String username, List<String> groups) {
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  public Caller {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** Whether the identity is a ServiceAccount (an agent's usual identity) rather than a user. */
  public boolean isServiceAccount() {
    return username.startsWith(SERVICE_ACCOUNT_PREFIX);
  }
}
