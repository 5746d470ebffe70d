package dev.countersign.testkit.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestInfoTest {

  @Test
  void aNamedGetOfANamespacedCustomResourceIsAGet() {
    RequestInfo info =
        RequestInfo.of(
            "GET", "/apis/countersign.dev/v1alpha1/namespaces/team-a/actionrequests/r1", null);

    assertThat(info.resourceRequest()).isTrue();
    assertThat(info.verb()).isEqualTo("get");
    assertThat(info.apiPrefix()).isEqualTo("apis");
    assertThat(info.apiGroup()).isEqualTo("countersign.dev");
    assertThat(info.apiVersion()).isEqualTo("v1alpha1");
    assertThat(info.namespace()).isEqualTo("team-a");
    assertThat(info.resource()).isEqualTo("actionrequests");
    assertThat(info.name()).isEqualTo("r1");
    assertThat(info.subresource()).isEmpty();
    assertThat(info.parts()).containsExactly("actionrequests", "r1");
  }

  @Test
  void aGetWithoutANameIsAListAndWatchTrueOrOneMakesItAWatch() {
    String path = "/api/v1/namespaces/default/pods";

    assertThat(RequestInfo.of("GET", path, null).verb()).isEqualTo("list");
    assertThat(RequestInfo.of("GET", path, "watch=false").verb()).isEqualTo("list");
    assertThat(RequestInfo.of("GET", path, "watch=0").verb()).isEqualTo("list");
    assertThat(RequestInfo.of("GET", path, "watch=true").verb()).isEqualTo("watch");
    assertThat(RequestInfo.of("GET", path, "watch=1").verb()).isEqualTo("watch");
    assertThat(RequestInfo.of("GET", path, "watch=").verb()).isEqualTo("watch");
    assertThat(RequestInfo.of("HEAD", path, null).verb()).isEqualTo("list");
  }

  @Test
  void theLegacyWatchPrefixMakesAWatchAndIsNotPartOfTheResource() {
    RequestInfo info = RequestInfo.of("GET", "/api/v1/watch/namespaces/default/pods/p1", null);

    assertThat(info.verb()).isEqualTo("watch");
    assertThat(info.namespace()).isEqualTo("default");
    assertThat(info.resource()).isEqualTo("pods");
    assertThat(info.name()).isEqualTo("p1");
  }

  @Test
  void writeMethodsMapToTheirVerbsAndADeleteWithoutANameIsADeleteCollection() {
    String item = "/apis/apps/v1/namespaces/ns/deployments/web";

    assertThat(RequestInfo.of("POST", "/apis/apps/v1/namespaces/ns/deployments", null).verb())
        .isEqualTo("create");
    assertThat(RequestInfo.of("PUT", item, null).verb()).isEqualTo("update");
    assertThat(RequestInfo.of("PATCH", item, null).verb()).isEqualTo("patch");
    assertThat(RequestInfo.of("DELETE", item, null).verb()).isEqualTo("delete");
    assertThat(RequestInfo.of("DELETE", "/apis/apps/v1/namespaces/ns/deployments", null).verb())
        .isEqualTo("deletecollection");
    assertThat(RequestInfo.of("OPTIONS", item, null).verb()).isEmpty();
  }

  @Test
  void subresourcesFollowTheName() {
    RequestInfo status =
        RequestInfo.of(
            "PUT", "/apis/countersign.dev/v1/namespaces/ns/actionrequests/r/status", null);
    RequestInfo scale =
        RequestInfo.of("PATCH", "/apis/apps/v1/namespaces/ns/deployments/d/scale", "");

    assertThat(status.subresource()).isEqualTo("status");
    assertThat(status.combinedResource()).isEqualTo("actionrequests/status");
    assertThat(scale.subresource()).isEqualTo("scale");
    assertThat(scale.verb()).isEqualTo("patch");
  }

  @Test
  void aNamespaceIsItsOwnNamespaceAndTheNamespaceListIsClusterScoped() {
    RequestInfo namespace = RequestInfo.of("GET", "/api/v1/namespaces/team-a", null);
    RequestInfo status = RequestInfo.of("PUT", "/api/v1/namespaces/team-a/status", null);
    RequestInfo list = RequestInfo.of("GET", "/api/v1/namespaces", null);

    assertThat(namespace.resource()).isEqualTo("namespaces");
    assertThat(namespace.name()).isEqualTo("team-a");
    assertThat(namespace.namespace()).isEqualTo("team-a");
    assertThat(status.combinedResource()).isEqualTo("namespaces/status");
    assertThat(status.namespace()).isEqualTo("team-a");
    assertThat(list.verb()).isEqualTo("list");
    assertThat(list.namespace()).isEmpty();
  }

  @Test
  void clusterScopedResourcesHaveNoNamespace() {
    RequestInfo info =
        RequestInfo.of("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", null);

    assertThat(info.namespace()).isEmpty();
    assertThat(info.resource()).isEqualTo("clusterroles");
    assertThat(info.name()).isEqualTo("admin");
  }

  @Test
  void discoveryAndOtherPathsAreNonResourceRequestsWithTheLowerCaseMethodAsVerb() {
    for (String path :
        new String[] {
          "/",
          "/api",
          "/api/v1",
          "/apis",
          "/apis/apps",
          "/apis/apps/v1",
          "/version",
          "/openapi/v2",
          "/openapi/v3/apis/apps/v1",
          "/healthz",
          "/readyz"
        }) {
      RequestInfo info = RequestInfo.of("GET", path, null);
      assertThat(info.resourceRequest()).as(path).isFalse();
      assertThat(info.verb()).as(path).isEqualTo("get");
      assertThat(info.path()).as(path).isEqualTo(path);
    }
    assertThat(RequestInfo.of("POST", "/logs", null).verb()).isEqualTo("post");
  }

  @Test
  void anExactNameFieldSelectorNamesAListOrWatch() {
    String path = "/apis/coordination.k8s.io/v1/namespaces/ns/leases";

    RequestInfo list = RequestInfo.of("GET", path, "fieldSelector=metadata.name%3Dmy-lease");
    RequestInfo watch =
        RequestInfo.of("GET", path, "watch=true&fieldSelector=metadata.name%3D%3Dmy-lease");
    RequestInfo notEqual = RequestInfo.of("GET", path, "fieldSelector=metadata.name!%3Dmy-lease");
    RequestInfo badLimit =
        RequestInfo.of("GET", path, "limit=many&fieldSelector=metadata.name%3Dmy-lease");

    assertThat(list.verb()).isEqualTo("list");
    assertThat(list.name()).isEqualTo("my-lease");
    assertThat(list.fieldSelector()).isEqualTo("metadata.name=my-lease");
    assertThat(watch.verb()).isEqualTo("watch");
    assertThat(watch.name()).isEqualTo("my-lease");
    assertThat(notEqual.name()).isEmpty();
    assertThat(badLimit.name()).as("list options that fail to decode drop the name").isEmpty();
  }

  @Test
  void proxyTakesNoSubresource() {
    RequestInfo info = RequestInfo.of("GET", "/api/v1/proxy/namespaces/ns/pods/p/some/path", null);

    assertThat(info.verb()).isEqualTo("proxy");
    assertThat(info.name()).isEqualTo("p");
    assertThat(info.subresource()).isEmpty();
  }
}
