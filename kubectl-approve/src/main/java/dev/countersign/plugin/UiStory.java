package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.quorum.SpecHash;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request's whole story for the page, read fresh with the user's credentials: the request
 * (reasoning, decision, approvals, execution), what approving will change (as {@code kubectl
 * approve NAME} shows it), its Events, the target's annotations, who may approve it, and whether
 * this user may. Parts the user may not read say so instead of failing the whole story.
 */
final class UiStory {
  private final KubernetesClient client;
  private final String server;
  private final Identity me;
  private final Clock clock;
  private final Map<String, Boolean> mayCreateApprovals = new ConcurrentHashMap<>();

  UiStory(KubernetesClient client, String server, Identity me, Clock clock) {
    this.client = client;
    this.server = server;
    this.me = me;
    this.clock = clock;
  }

  Map<String, Object> of(String namespace, String name) {
    ActionRequest request = ApprovalFiling.read(client, server, namespace, name);
    Map<String, Object> story = new LinkedHashMap<>();
    story.put("row", UiRow.of(request));
    story.put("generation", request.getMetadata().getGeneration());
    story.put("specHash", SpecHash.of(request.getSpec()));
    story.put("spec", request.getSpec());
    story.put("status", request.getStatus());
    story.put("annotations", request.getMetadata().getAnnotations());
    story.put("expires", RequestText.expiry(request, clock));
    boolean open =
        request.phase() == Phase.Pending
            || request.phase() == Phase.AwaitingApproval
            || request.phase() == Phase.Approved;
    story.put("changes", open ? changes(namespace, request) : List.of());
    story.put("events", events(namespace, request));
    story.put("target", targetAnnotations(namespace, request));
    Optional<String> whyNot = whyNot(namespace, request);
    story.put("mayDecide", whyNot.isEmpty());
    story.put("whyNot", whyNot.orElse(null));
    return story;
  }

  /**
   * Why this user may not approve or reject the request now, or empty when they may: the request
   * must await approval, the plugin's own eligibility check must pass (named by the policy, not the
   * requester), and RBAC must let them create Approvals in the namespace (SelfSubjectAccessReview).
   */
  Optional<String> whyNot(String namespace, ActionRequest request) {
    if (request.phase() != Phase.AwaitingApproval) {
      return Optional.of("the request is " + request.phase() + ", not awaiting approval");
    }
    Optional<String> eligibility = ApproverCheck.whyNot(request, me);
    if (eligibility.isPresent()) {
      return eligibility;
    }
    if (!mayCreateApprovals.computeIfAbsent(namespace, this::allowedToCreateApprovals)) {
      return Optional.of(
          me.user()
              + " may not create approvals.countersign.dev in namespace "
              + namespace
              + " (RBAC)");
    }
    return Optional.empty();
  }

  private boolean allowedToCreateApprovals(String namespace) {
    var review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withGroup("countersign.dev")
            .withResource("approvals")
            .withVerb("create")
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    try {
      var answer = client.authorization().v1().selfSubjectAccessReview().create(review);
      return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  private List<String> changes(String namespace, ActionRequest request) {
    try {
      return new ChangePreview(client, clock).lines(namespace, request.getSpec());
    } catch (KubernetesClientException e) {
      return List.of(
          "cannot read what will change: " + Failures.translate(e, "read the target").getMessage());
    }
  }

  private Map<String, Object> events(String namespace, ActionRequest request) {
    Map<String, Object> result = new LinkedHashMap<>();
    try {
      List<Map<String, Object>> events =
          client.v1().events().inNamespace(namespace).list().getItems().stream()
              .filter(e -> e.getInvolvedObject() != null)
              .filter(
                  e ->
                      request.getMetadata().getUid().equals(e.getInvolvedObject().getUid())
                          || ("ActionRequest".equals(e.getInvolvedObject().getKind())
                              && request
                                  .getMetadata()
                                  .getName()
                                  .equals(e.getInvolvedObject().getName())))
              .sorted(Comparator.comparing(UiStory::eventTime))
              .map(UiStory::event)
              .toList();
      result.put("items", events);
    } catch (KubernetesClientException e) {
      result.put("items", List.of());
      result.put(
          "error", Failures.translate(e, "list events in namespace " + namespace).getMessage());
    }
    return result;
  }

  private static String eventTime(Event e) {
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getFirstTimestamp();
    if (t == null && e.getEventTime() != null) {
      t = e.getEventTime().getTime();
    }
    return t == null ? "" : t;
  }

  private static Map<String, Object> event(Event e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", eventTime(e));
    m.put("type", e.getType());
    m.put("reason", e.getReason());
    m.put("message", e.getMessage());
    m.put("count", e.getCount());
    return m;
  }

  private Map<String, Object> targetAnnotations(String namespace, ActionRequest request) {
    Map<String, Object> result = new LinkedHashMap<>();
    var spec = request.getSpec();
    if (spec == null || spec.target() == null) {
      result.put("error", "the request names no target");
      return result;
    }
    result.put("name", String.valueOf(spec.target()));
    try {
      var found =
          new WorkloadReads(client).find(namespace, spec.target().kind(), spec.target().name());
      if (found.isEmpty()) {
        result.put("error", spec.target() + " does not exist in namespace " + namespace);
        return result;
      }
      var annotations = found.get().resource().getMetadata().getAnnotations();
      Map<String, String> ours = new LinkedHashMap<>();
      if (annotations != null) {
        annotations.entrySet().stream()
            .filter(a -> a.getKey().startsWith("countersign.dev/"))
            .sorted(Map.Entry.comparingByKey())
            .forEach(a -> ours.put(a.getKey(), a.getValue()));
      }
      result.put("annotations", ours);
    } catch (KubernetesClientException e) {
      result.put("error", Failures.translate(e, "read " + spec.target()).getMessage());
    }
    return result;
  }
}
