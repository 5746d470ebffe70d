package dev.countersign.plugin;

/**
 * The exit codes of {@code kubectl approve}, documented in {@code --help} and
 * docs/kubectl-approve.md. Scripts may rely on them; a code never changes meaning.
 */
public enum ExitCode {
  OK(0, "done (approved, rejected, shown or listed)"),
  ERROR(1, "an unexpected error (the message says what)"),
  USAGE(2, "usage error: unknown flag, missing NAME or --reason, conflicting flags"),
  NOT_FOUND(3, "the request does not exist"),
  NOT_AWAITING_APPROVAL(4, "the request is not awaiting approval (the message gives its phase)"),
  NOT_AN_APPROVER(5, "you are not an allowed approver of this request"),
  FORBIDDEN(6, "the API server refused (RBAC 403, or credentials not accepted)"),
  NO_CLUSTER(7, "no cluster reachable, or no kubeconfig"),
  STALE_VIEW(8, "the request changed after it was shown; nothing was created"),
  DECLINED(9, "you answered no at the prompt; nothing was created"),
  ENDED_OTHERWISE(10, "--wait: the request ended otherwise than you asked (Failed, Expired, ...)"),
  WAIT_TIMED_OUT(11, "--wait: the request was not finished within --timeout");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
