package dev.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/**
 * Objects whose JSON does not fit the Java types still deserialize (so one of them cannot make an
 * informer's list fail), say what is wrong, and keep the problem through a copy, as JOSDK makes one
 * by serializing the object before every reconcile.
 */
class UnreadablePartsTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String REQUEST =
      "{\"apiVersion\":\"countersign.dev/v1alpha1\",\"kind\":\"ActionRequest\","
          + "\"metadata\":{\"name\":\"r\",\"namespace\":\"shop\"},";

  @Test
  void aWordWhereReplicasBelongIsReportedByPath() {
    ActionRequest request =
        JSON.unmarshal(
            REQUEST + "\"spec\":{\"action\":\"scale\",\"scale\":{\"replicas\":\"eight\"}}}",
            ActionRequest.class);

    assertThat(request.getSpec()).isNull();
    assertThat(request.unreadable())
        .contains("spec.scale.replicas must be an integer, not the string \"eight\"");
  }

  @Test
  void theProblemSurvivesACopy() {
    ActionRequest request = JSON.unmarshal(REQUEST + "\"spec\":[]}", ActionRequest.class);

    ActionRequest copy = JSON.clone(request);

    assertThat(copy.unreadable()).contains("spec must be an object, not a list");
    assertThat(JSON.asJson(copy)).contains("\"spec\":[]");
  }

  @Test
  void aReadableRequestHasNoProblemAndSerializesAsBefore() {
    String json =
        REQUEST
            + "\"spec\":{\"requester\":\"a\",\"action\":\"restart\","
            + "\"target\":{\"kind\":\"Deployment\",\"name\":\"web\"},"
            + "\"reasoning\":{\"summary\":\"s\"}}}";

    ActionRequest request = JSON.unmarshal(json, ActionRequest.class);

    assertThat(request.unreadable()).isEmpty();
    assertThat(request.getSpec().target().name()).isEqualTo("web");
    assertThat(JSON.asJson(request)).doesNotContain("unreadable");
  }

  @Test
  void anUnknownFieldInAPolicySpecIsNamedWithTheFieldsThatExist() {
    AgentPolicy policy =
        JSON.unmarshal(
            "{\"apiVersion\":\"countersign.dev/v1alpha1\",\"kind\":\"AgentPolicy\","
                + "\"metadata\":{\"name\":\"p\"},\"spec\":{\"priority\":1}}",
            AgentPolicy.class);

    assertThat(policy.unreadableSpec().orElseThrow())
        .startsWith("spec.priority is not a known field; spec has budget, cooldown");
  }

  @Test
  void anUnreadableStatusIsReportedButDoesNotMakeThePolicySpecUnreadable() {
    AgentPolicy policy =
        JSON.unmarshal(
            "{\"apiVersion\":\"countersign.dev/v1alpha1\",\"kind\":\"AgentPolicy\","
                + "\"metadata\":{\"name\":\"p\"},\"status\":{\"conditions\":\"Ready\"}}",
            AgentPolicy.class);

    assertThat(policy.getStatus()).isNull();
    assertThat(policy.unreadableSpec()).isEmpty();
  }
}
