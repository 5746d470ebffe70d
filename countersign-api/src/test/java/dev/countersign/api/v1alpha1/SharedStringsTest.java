package dev.countersign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two objects read one after the other hold one copy of each short value they share, and are
 * otherwise read exactly as Jackson reads them.
 */
class SharedStringsTest {
  private static final String REQUEST =
      """
      {"apiVersion":"countersign.dev/v1alpha1","kind":"ActionRequest",
       "metadata":{"name":"%s","namespace":"shop","uid":"%s",
                   "annotations":{"countersign.dev/decision":"Allowed"}},
       "spec":{"requester":"system:serviceaccount:agents:ops-agent","action":"scale",
               "target":{"kind":"Deployment","name":"web"},"scale":{"replicas":3},
               "reasoning":{"summary":"%s","evidence":["p99 up","queue deep"],"confidence":0.8}},
       "status":{"phase":"Evaluated","conditions":[
                   {"type":"Decided","status":"True","reason":"Allowed",
                    "message":"allowed by shop-scale","lastTransitionTime":"2026-12-03T21:00:00Z"}]}}
      """;

  private final KubernetesSerialization serialization =
      new KubernetesSerialization(new ObjectMapper().registerModule(SharedStrings.module()), true);

  @Test
  void equalValuesOfTwoRequestsAreOneString() {
    ActionRequest first = read("a", "uid-1", "busy");
    ActionRequest second = read("b", "uid-2", "busy");

    assertThat(second.getMetadata().getNamespace()).isSameAs(first.getMetadata().getNamespace());
    assertThat(second.getSpec().requester()).isSameAs(first.getSpec().requester());
    assertThat(second.getSpec().target().kind()).isSameAs(first.getSpec().target().kind());
    assertThat(second.getSpec().reasoning().evidence().get(1))
        .as("in a list")
        .isSameAs(first.getSpec().reasoning().evidence().get(1));
    assertThat(second.getMetadata().getAnnotations().get("countersign.dev/decision"))
        .as("a map's value")
        .isSameAs(first.getMetadata().getAnnotations().get("countersign.dev/decision"));
    Condition firstDecided = first.getStatus().conditions().get(0);
    Condition secondDecided = second.getStatus().conditions().get(0);
    assertThat(secondDecided.getLastTransitionTime())
        .isSameAs(firstDecided.getLastTransitionTime());
    assertThat(secondDecided.getMessage()).isSameAs(firstDecided.getMessage());
  }

  @Test
  void valuesThatDifferStayTheirOwn() {
    ActionRequest first = read("a", "uid-1", "busy");
    ActionRequest second = read("b", "uid-2", "quiet");

    assertThat(first.getMetadata().getName()).isEqualTo("a");
    assertThat(second.getMetadata().getName()).isEqualTo("b");
    assertThat(second.getMetadata().getUid()).isEqualTo("uid-2");
    assertThat(second.getSpec().reasoning().summary()).isEqualTo("quiet");
  }

  @Test
  void longValuesAreCopiedAsBefore() {
    String longSummary = "x".repeat(SharedStrings.MAX_LENGTH + 1);
    ActionRequest first = read("a", "uid-1", longSummary);
    ActionRequest second = read("b", "uid-2", longSummary);

    assertThat(second.getSpec().reasoning().summary())
        .isEqualTo(longSummary)
        .isNotSameAs(first.getSpec().reasoning().summary());
  }

  @Test
  void aValueThatLostItsSlotIsStillReadRight() {
    SharedStrings table = new SharedStrings();
    String kept = share(table, "Deployment");
    // Enough other values that every slot has been taken over at least once.
    for (int i = 0; i < SharedStrings.SLOTS * 8; i++) {
      assertThat(share(table, "value-" + i)).isEqualTo("value-" + i);
    }
    assertThat(share(table, "Deployment")).isEqualTo(kept);
  }

  @Test
  void nonStringTokensAreReadAsJacksonReadsThem() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(SharedStrings.module());
    Map<String, String> read =
        mapper.readValue("{\"n\":3,\"b\":true,\"s\":\"x\",\"z\":null}", new TypeReference<>() {});
    assertThat(read)
        .containsEntry("n", "3")
        .containsEntry("b", "true")
        .containsEntry("s", "x")
        .containsEntry("z", null);
    assertThat(mapper.readValue("[\"a\",null,\"a\"]", String[].class))
        .containsExactly("a", null, "a");
  }

  @Test
  void kubernetesObjectsWithCustomReadersStillRead() {
    Deployment deployment =
        serialization.unmarshal(
            """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"nginx",
               "resources":{"requests":{"cpu":"100m"}},
               "ports":[{"containerPort":8080}],
               "readinessProbe":{"httpGet":{"path":"/ready","port":"http"}}}]}}}}
            """,
            Deployment.class);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("100m");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getPorts()).hasSize(1);
    assertThat(List.of(container.getName(), container.getImage())).containsExactly("web", "nginx");
  }

  private ActionRequest read(String name, String uid, String summary) {
    ActionRequest read =
        serialization.unmarshal(REQUEST.formatted(name, uid, summary), ActionRequest.class);
    assertThat(read.unreadable()).as("the request reads as the operator reads it").isEmpty();
    return read;
  }

  private static String share(SharedStrings table, String value) {
    char[] chars = ("  " + value + "  ").toCharArray();
    return table.share(chars, 2, value.length());
  }
}
