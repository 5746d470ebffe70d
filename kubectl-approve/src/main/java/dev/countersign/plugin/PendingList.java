package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code kubectl approve} without NAME: the requests awaiting approval that the caller may approve,
 * the soonest to expire first.
 */
final class PendingList {
  static final int SUMMARY_WIDTH = 60;

  private record Pending(ActionRequest request, Instant expiresAt) {}

  private final Connection connection;
  private final Options options;
  private final Environment env;

  PendingList(Connection connection, Options options, Environment env) {
    this.connection = connection;
    this.options = options;
    this.env = env;
  }

  ExitCode run() {
    // Who the caller is and what is pending are two independent calls: ask both at once.
    Supplier<Identity> identity = env.identity().inBackground(connection);
    List<ActionRequest> all = fetch();
    Identity me = identity.get();
    List<ActionRequest> mine =
        all.stream()
            .filter(r -> r.phase() == Phase.AwaitingApproval)
            .filter(r -> ApproverCheck.whyNot(r, me).isEmpty())
            // The expiry is parsed once per request, not at every comparison of the sort.
            .map(r -> new Pending(r, RequestText.expiresAt(r)))
            .sorted(
                Comparator.comparing(
                        Pending::expiresAt,
                        Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                    .thenComparing(
                        p -> Objects.toString(p.request().getMetadata().getNamespace(), ""))
                    .thenComparing(p -> p.request().getMetadata().getName()))
            .map(Pending::request)
            .toList();
    if (options.output() != null) {
      Map<String, Object> list = new LinkedHashMap<>();
      list.put("apiVersion", "v1");
      list.put("kind", "List");
      list.put("items", mine);
      var serialization = connection.client().getKubernetesSerialization();
      env.out()
          .print(
              "json".equals(options.output())
                  ? serialization.asJson(list) + "\n"
                  : serialization.asYaml(list));
      return ExitCode.OK;
    }
    if (mine.isEmpty()) {
      env.err()
          .println(
              "No requests await approval by "
                  + me.user()
                  + (options.allNamespaces()
                      ? " in any namespace."
                      : " in namespace " + connection.namespace() + "."));
      return ExitCode.OK;
    }
    env.out().print(table(mine).render());
    return ExitCode.OK;
  }

  private List<ActionRequest> fetch() {
    var requests = connection.client().resources(ActionRequest.class);
    try {
      return options.allNamespaces()
          ? requests.inAnyNamespace().list().getItems()
          : requests.inNamespace(connection.namespace()).list().getItems();
    } catch (KubernetesClientException e) {
      throw Failures.translate(
          e,
          "list actionrequests.countersign.dev "
              + (options.allNamespaces()
                  ? "in all namespaces"
                  : "in namespace " + connection.namespace())
              + " at "
              + connection.server());
    }
  }

  private Table table(List<ActionRequest> requests) {
    boolean all = options.allNamespaces();
    List<String> headers =
        List.of("NAME", "AGE", "AGENT", "ACTION", "TARGET", "SUMMARY", "APPROVALS", "EXPIRES");
    Table table =
        all
            ? new Table(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("NAMESPACE"), headers.stream())
                    .toArray(String[]::new))
            : new Table(headers.toArray(String[]::new));
    for (ActionRequest r : requests) {
      String[] cells = {
        r.getMetadata().getName(),
        RequestText.age(r, env.clock()),
        RequestText.agent(r.getSpec()),
        RequestText.action(r.getSpec()),
        RequestText.target(r.getSpec()),
        RequestText.summary(r.getSpec(), SUMMARY_WIDTH),
        RequestText.approvals(r),
        RequestText.expiry(r, env.clock())
      };
      if (all) {
        String[] withNamespace = new String[cells.length + 1];
        withNamespace[0] = r.getMetadata().getNamespace();
        System.arraycopy(cells, 0, withNamespace, 1, cells.length);
        table.add(withNamespace);
      } else {
        table.add(cells);
      }
    }
    return table;
  }
}
