package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.audit.AuditAnnotations;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.AgentPolicies;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's cache of ActionRequests holds what the operator reads, not the API server's
 * bookkeeping (a real API server writes managedFields on every object) nor a new empty map for
 * every field that has nothing: with thousands of requests cached they would be a large share of
 * the operator's heap.
 */
class CachedRequestsTest extends LifecycleTestBase {

  @Test
  void theCacheKeepsNoManagedFieldsAndTheServerStillHasThem() {
    deployment("web", 3, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());
    ActionRequest asFiled = ActionRequests.scale("web", 4).dryRun().build();
    asFiled.getMetadata().setManagedFields(List.of(managedBy("agent")));

    ActionRequest filed = submit(asFiled);
    ActionRequest decided = operator.awaitPhase(filed, Phase.Evaluated);

    assertThat(decided.getMetadata().getManagedFields())
        .as("the API server's copy (this server keeps what the client sent)")
        .isNotEmpty();
    assertThat(operator.cached(decided))
        .hasValueSatisfying(
            cached -> {
              assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
              assertThat(cached.getMetadata().getResourceVersion()).isNotBlank();
              assertThat(cached.getSpec()).isEqualTo(decided.getSpec());
            });
  }

  @Test
  void theCacheSharesOneEmptyMapOrListForEveryEmptyOneAndKeepsTheRest() {
    deployment("web", 3, "nginx:1.27");
    policy(AgentPolicies.forNamespace(namespace).allowScale(1, 10).build());

    ActionRequest decided =
        operator.awaitPhase(
            submit(ActionRequests.scale("web", 4).dryRun().build()), Phase.Evaluated);

    assertThat(operator.cached(decided))
        .hasValueSatisfying(
            cached -> {
              var metadata = cached.getMetadata();
              assertThat(metadata.getLabels()).isSameAs(Collections.emptyMap());
              assertThat(metadata.getAdditionalProperties()).isSameAs(Collections.emptyMap());
              assertThat(metadata.getFinalizers()).isSameAs(Collections.emptyList());
              assertThat(metadata.getOwnerReferences()).isSameAs(Collections.emptyList());
              assertThat(metadata.getAnnotations())
                  .as("the decision's annotations, as written")
                  .isEqualTo(decided.getMetadata().getAnnotations())
                  .containsKey(AuditAnnotations.DECISION);
              assertThat(cached.getStatus().conditions())
                  .isNotEmpty()
                  .allSatisfy(
                      c ->
                          assertThat(c.getAdditionalProperties()).isSameAs(Collections.emptyMap()));
              assertThat(cached.getStatus()).isEqualTo(decided.getStatus());
            });
  }

  private static io.fabric8.kubernetes.api.model.ManagedFieldsEntry managedBy(String manager) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("f:spec", Map.of("f:action", Map.of(), "f:target", Map.of("f:name", Map.of())));
    FieldsV1 fieldsV1 = new FieldsV1();
    fields.forEach(fieldsV1::setAdditionalProperty);
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation("Update")
        .withApiVersion("countersign.dev/v1alpha1")
        .withFieldsType("FieldsV1")
        .withFieldsV1(fieldsV1)
        .withTime("2026-12-03T07:00:00Z")
        .build();
  }
}
