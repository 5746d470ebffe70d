package dev.countersign.policy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.RollbackParameters;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.ScaleParameters;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.TargetRef;
import dev.countersign.api.v1alpha1.actionrequest.Reasoning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures for requests. By default the agent {@link #AGENT} asks about Deployment web in
 * namespace shop, which exists with 3 replicas, label app=web, and revisions 1, 2 and 3 (current).
 * {@code Requests.scale("web", 8).build()}.
 */
public final class Requests {
  public static final String NAMESPACE = "shop";
  public static final String AGENT = "system:serviceaccount:shop:agent";
  public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  public static final Limits LIMITS = new Limits(1000, Duration.ofHours(1));

  private Requests() {}

  /**
   * An earlier action by {@code requester} on Deployment {@code target} in shop, allowed by {@code
   * policy}, that started at {@code startedAt} and took a minute.
   */
  public static PastAction past(String requester, String target, String policy, Instant startedAt) {
    return new PastAction(
        NAMESPACE + "/earlier-" + startedAt.getEpochSecond(),
        requester,
        NAMESPACE,
        "Deployment",
        target,
        java.util.Set.of(policy),
        startedAt,
        startedAt.plusSeconds(60));
  }

  public static Builder scale(String name, Integer replicas) {
    return new Builder("scale", name).replicas(replicas);
  }

  public static Builder restart(String name) {
    return new Builder("restart", name);
  }

  public static Builder rollback(String name) {
    return new Builder("rollback", name);
  }

  /** A request for any action, including ones that do not exist. */
  public static Builder action(String action, String name) {
    return new Builder(action, name);
  }

  /** Builds one request and the facts around it; every setter returns the builder. */
  public static final class Builder {
    private String requester = AGENT;
    private List<String> groups = List.of();
    private final String action;
    private String kind = "Deployment";
    private final String name;
    private String namespace = NAMESPACE;
    private Map<String, String> namespaceLabels = Map.of("env", "prod");
    private Map<String, String> targetLabels = Map.of("app", "web");
    private boolean exists = true;
    private int currentReplicas = 3;
    private Long currentRevision = 3L;
    private List<Long> revisions = List.of(1L, 2L, 3L);
    private ScaleParameters scale;
    private RollbackParameters rollback;
    private Boolean dryRun;
    private String summary = "p99 latency is above the SLO";
    private final List<PastAction> history = new java.util.ArrayList<>();

    private Builder(String action, String name) {
      this.action = action;
      this.name = name;
    }

    public Builder by(String requester) {
      this.requester = requester;
      return this;
    }

    public Builder groups(String... groups) {
      this.groups = List.of(groups);
      return this;
    }

    public Builder kind(String kind) {
      this.kind = kind;
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder namespaceLabels(Map<String, String> labels) {
      this.namespaceLabels = labels;
      return this;
    }

    public Builder targetLabels(Map<String, String> labels) {
      this.targetLabels = labels;
      return this;
    }

    public Builder missingTarget() {
      this.exists = false;
      return this;
    }

    public Builder currentReplicas(int replicas) {
      this.currentReplicas = replicas;
      return this;
    }

    public Builder revisions(Long current, Long... all) {
      this.currentRevision = current;
      this.revisions = List.of(all);
      return this;
    }

    public Builder replicas(Integer replicas) {
      this.scale = new ScaleParameters(replicas);
      return this;
    }

    public Builder noScaleParameters() {
      this.scale = null;
      return this;
    }

    public Builder toRevision(Long revision) {
      this.rollback = new RollbackParameters(revision);
      return this;
    }

    public Builder dryRun() {
      this.dryRun = true;
      return this;
    }

    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    /** An earlier action that started at {@code startedAt} and finished at {@code finishedAt}. */
    public Builder ran(PastAction action) {
      this.history.add(action);
      return this;
    }

    public ActionRequestSpec spec() {
      return new ActionRequestSpec(
          requester,
          groups,
          action,
          new TargetRef(kind, name),
          scale,
          rollback,
          dryRun,
          new Reasoning(summary, List.of("grafana: p99 1.4s"), List.of(), 0.8, null));
    }

    public RequestFacts build() {
      TargetFacts target =
          exists
              ? new TargetFacts(
                  true, kind, name, targetLabels, currentReplicas, currentRevision, revisions)
              : TargetFacts.missing(kind, name);
      return new RequestFacts(namespace, namespaceLabels, spec(), target, history);
    }
  }
}
