package dev.countersign.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the API server who the caller is ({@code kubectl auth whoami}: a SelfSubjectReview,
 * authentication.k8s.io/v1, Kubernetes 1.28+). When the server cannot answer (older server, the
 * review forbidden, a stand-in server), falls back to the kubeconfig's user entry name, without
 * groups.
 */
public final class SelfSubjectReviewIdentity implements IdentityResolver {
  static final String PATH = "apis/authentication.k8s.io/v1/selfsubjectreviews";
  static final String BODY =
      "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}";

  @Override
  public Identity resolve(KubernetesClient client, String kubeconfigUser) {
    Identity fallback = new Identity(kubeconfigUser, List.of(), "kubeconfig user name");
    try {
      String base = client.getMasterUrl().toString();
      HttpRequest request =
          client
              .getHttpClient()
              .newHttpRequestBuilder()
              .uri(base.endsWith("/") ? base + PATH : base + "/" + PATH)
              .post("application/json", BODY)
              .build();
      HttpResponse<String> response =
          client.getHttpClient().sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
      if (!response.isSuccessful()) {
        return fallback;
      }
      JsonNode user =
          client
              .getKubernetesSerialization()
              .unmarshal(response.body(), JsonNode.class)
              .path("status")
              .path("userInfo");
      String name = user.path("username").asText("");
      if (name.isEmpty()) {
        return fallback;
      }
      List<String> groups = new ArrayList<>();
      user.path("groups").forEach(g -> groups.add(g.asText()));
      return new Identity(name, groups, "SelfSubjectReview");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return fallback;
    }
  }
}
