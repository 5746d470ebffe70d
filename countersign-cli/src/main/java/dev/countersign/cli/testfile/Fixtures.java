package dev.countersign.cli.testfile;

import java.util.List;
import java.util.Map;

/**
 * The state a decision depends on, written down: the clock, namespaces and their labels, workloads
 * with their revisions, and earlier executed actions (for budgets and cooldowns).
 *
 * @param now the instant the cases are decided at, and the zone local times are read in
 * @param namespaces namespaces with their labels (for policies' namespaceSelector)
 * @param workloads the Deployments and StatefulSets that exist
 * @param history earlier requests that executed
 */
public record Fixtures(
    Now now,
    List<NamespaceFixture> namespaces,
    List<WorkloadFixture> workloads,
    List<PastActionFixture> history) {
  public static final Fixtures NONE = new Fixtures(null, null, null, null);

  public Fixtures {
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    workloads = workloads == null ? List.of() : List.copyOf(workloads);
    history = history == null ? List.of() : List.copyOf(history);
  }

  /**
   * The clock.
   *
   * @param instant e.g. {@code 2026-12-05T10:00:00Z}, or a local time such as {@code
   *     2026-12-05T11:00:00} read in {@code zone}
   * @param zone an IANA time zone such as {@code Europe/Berlin}; UTC when absent
   */
  public record Now(String instant, String zone) {}

  /** A namespace and its labels. */
  public record NamespaceFixture(String name, Map<String, String> labels) {
    public NamespaceFixture {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  /**
   * A Deployment or StatefulSet.
   *
   * @param replicas {@code spec.replicas}; 1 when absent, as the API server defaults it
   * @param revisions its revisions as {@code kubectl rollout history} numbers them
   * @param currentRevision the revision it runs now; the highest when absent
   */
  public record WorkloadFixture(
      String kind,
      String name,
      String namespace,
      Map<String, String> labels,
      Integer replicas,
      List<RevisionFixture> revisions,
      Long currentRevision) {
    public WorkloadFixture {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      revisions = revisions == null ? List.of() : List.copyOf(revisions);
    }
  }

  /** One revision of a workload and the image it runs. */
  public record RevisionFixture(Long revision, String image) {}

  /**
   * An earlier request that started executing.
   *
   * @param request its namespace/name, for messages; made up when absent
   * @param requester the agent that filed it
   * @param allowedBy the policies that allowed it (budgets count per policy)
   * @param startedAt when it started executing
   * @param finishedAt when it finished; absent while it runs
   */
  public record PastActionFixture(
      String request,
      String requester,
      String namespace,
      String kind,
      String name,
      List<String> allowedBy,
      String startedAt,
      String finishedAt) {
    public PastActionFixture {
      allowedBy = allowedBy == null ? List.of() : List.copyOf(allowedBy);
    }
  }
}
