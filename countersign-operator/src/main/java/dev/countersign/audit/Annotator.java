package dev.countersign.audit;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.kube.Patches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the audit annotations: the reasoning and decision on the ActionRequest, and the last
 * request, agent and approvers on the workload it changed; and the label of a request that started
 * executing. All are JSON merge patches on metadata only, so they never race with a spec or status
 * write.
 */
public class Annotator {
  private final KubernetesClient client;

  public Annotator(KubernetesClient client) {
    this.client = client;
  }

  /** Annotates the request with the agent's reasoning and the decision; returns the result. */
  public ActionRequest annotateDecision(ActionRequest request, Decision decision) {
    Map<String, String> annotations = new LinkedHashMap<>();
    var reasoning = request.getSpec().reasoning();
    if (reasoning != null) {
      annotations.put(AuditAnnotations.REASONING, AuditAnnotations.bounded(reasoning.summary()));
      if (reasoning.confidence() != null) {
        annotations.put(AuditAnnotations.CONFIDENCE, reasoning.confidence().toString());
      }
    }
    annotations.put(AuditAnnotations.DECISION, AuditAnnotations.bounded(explain(decision)));
    return patchAnnotations(request, annotations);
  }

  /** Whether the request's decision annotation says what {@code decision} says. */
  public static boolean saysDecision(ActionRequest request, Decision decision) {
    Map<String, String> annotations = request.getMetadata().getAnnotations();
    return annotations != null
        && AuditAnnotations.bounded(explain(decision))
            .equals(annotations.get(AuditAnnotations.DECISION));
  }

  /** Annotates the request with the people whose approvals counted. */
  public ActionRequest annotateApprovers(ActionRequest request, List<String> approvers) {
    return patchAnnotations(
        request, Map.of(AuditAnnotations.APPROVERS, AuditAnnotations.bounded(describe(approvers))));
  }

  /** Annotates the workload with the request that is changing it. */
  public void annotateTarget(
      HasMetadata workload, ActionRequest request, List<String> approvers, String startedAt) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        AuditAnnotations.LAST_REQUEST,
        request.getMetadata().getNamespace() + "/" + request.getMetadata().getName());
    annotations.put(AuditAnnotations.LAST_AGENT, request.getSpec().requester());
    annotations.put(AuditAnnotations.LAST_APPROVERS, AuditAnnotations.bounded(describe(approvers)));
    annotations.put(AuditAnnotations.LAST_ACTION, request.getSpec().action() + " at " + startedAt);
    patchAnnotations(workload, annotations);
  }

  /**
   * Labels the request as started ({@link ActionRequest#STARTED_LABEL}); written before the status
   * says so, so that every request that started carries it. The patch names the resourceVersion of
   * {@code request}, which the API server takes as a precondition: if anything changed the request
   * since it was read (a new spec, a status written by another replica), the answer is 409 and
   * nothing is labelled. Returns the API server's answer.
   */
  public ActionRequest labelStarted(ActionRequest request) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", request.getMetadata().getResourceVersion());
    metadata.put("labels", Map.of(ActionRequest.STARTED_LABEL, "true"));
    String patch = Serialization.asJson(Map.of("metadata", metadata));
    return Patches.merge(
        client,
        ActionRequest.class,
        request.getMetadata().getNamespace(),
        request.getMetadata().getName(),
        patch);
  }

  /** Whether the request carries {@link ActionRequest#STARTED_LABEL}. */
  public static boolean labelledStarted(ActionRequest request) {
    Map<String, String> labels = request.getMetadata().getLabels();
    return labels != null && "true".equals(labels.get(ActionRequest.STARTED_LABEL));
  }

  /** The decision as one line: the verdict, every reason, and the policies considered. */
  public static String explain(Decision decision) {
    return decision.explanation();
  }

  private static String describe(List<String> approvers) {
    return approvers.isEmpty() ? "none: auto-approved by policy" : String.join(", ", approvers);
  }

  /** A JSON merge patch of the annotations alone, addressed by name (one API call). */
  private <T extends HasMetadata> T patchAnnotations(T object, Map<String, String> annotations) {
    String patch = Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations)));
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) object.getClass();
    return Patches.merge(
        client, type, object.getMetadata().getNamespace(), object.getMetadata().getName(), patch);
  }
}
