package dev.countersign.plugin;

/** The text of {@code kubectl approve --help}. */
final class Help {
  private Help() {}

  static String text() {
    StringBuilder codes = new StringBuilder();
    for (ExitCode code : ExitCode.values()) {
      codes.append(String.format("  %2d  %s%n", code.code(), code.meaning()));
    }
    return USAGE + "\nExit codes:\n" + codes;
  }

  private static final String USAGE =
      """
      See what an agent wants and why, then approve or reject it (Countersign).

      Usage:
        kubectl approve [-n NAMESPACE | -A] [-o json|yaml]
            List the requests awaiting approval that you may approve: age, agent, action,
            target, summary, approvals given/needed, expiry. Soonest to expire first.
        kubectl approve NAME [-n NAMESPACE] [--show | --yes] [-o json|yaml] [--reason "..."] [--wait]
            Show the request (reasoning, decision, approvals so far, what will change), then
            ask for confirmation and create an Approval bound to the request's uid and spec
            hash. If the request changes after it is shown, nothing is created.
        kubectl approve NAME --reject --reason "why" [--yes] [--wait]
            Reject the request; the reason is required.
        kubectl approve ui [-n NS[,NS...] | -A] [--port N] [--no-browser]
            Serve a local audit timeline on 127.0.0.1 (your own credentials, nothing installed
            in the cluster): every request you may list, live, filterable, each one's whole
            story, approve/reject for those you may, JSON/CSV export. Prints the URL with its
            session token and opens a browser; Ctrl-C stops. Without -n: every namespace you
            may list. (A request named "ui" is shown with: kubectl approve -n NS ui.)

      Flags:
        -n, --namespace NS     the request's namespace (default: the context's, else default)
        -A, --all-namespaces   list in every namespace
            --show             only show; never ask, never create anything
        -y, --yes              do not ask (for scripts); without it a terminal is required
            --reject           reject instead of approve (needs --reason)
            --reason TEXT      why you approve or reject; recorded on the Approval
        -o, --output FORMAT    json or yaml (with NAME, shows only unless --yes)
            --wait             after approving or rejecting, wait until the request finishes
                               and print the outcome
            --timeout D        how long --wait waits, e.g. 30s, 10m (default 10m)
            --kubeconfig FILE  the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
            --context NAME     the kubeconfig context (default: the current one)
            --completion SHELL print a bash or zsh completion script for kubectl-approve
            --port N           ui: the local port (default: a free one)
            --no-browser       ui: only print the URL
        -h, --help             this help
      """;
}
