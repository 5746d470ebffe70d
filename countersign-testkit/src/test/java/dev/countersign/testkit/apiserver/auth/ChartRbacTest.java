package dev.countersign.testkit.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.testkit.ProjectFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RBAC of the rendered Helm chart (deploy/countersign.yaml), as a cluster's API server enforces
 * it. The file is read as it stands (since commit 1e09eee the operator may patch its Lease and
 * approvers may get Approvals); the two defects found on a real cluster before that commit are
 * replayed from the old rules in {@code chart-rbac-before-1e09eee.yaml}.
 */
class ChartRbacTest {

  private static final Path CHART = ProjectFiles.path("deploy", "countersign.yaml");
  private static final String NAMESPACE = "countersign-system";
  private static final String LEASE =
      "/apis/coordination.k8s.io/v1/namespaces/countersign-system/leases/countersign-operator";
  private static final String APPROVALS =
      "/apis/countersign.dev/v1alpha1/namespaces/team-a/approvals";

  private final AccessControl access = new AccessControl();
  private final UserInfo operator = UserInfo.serviceAccount(NAMESPACE, "countersign");
  private final UserInfo approver = UserInfo.user("carol", "approvers");
  private String operatorToken;
  private String approverToken;

  @BeforeEach
  void loadChart() {
    List<JsonNode> objects = RbacManifests.read(CHART);
    assertThat(objects).as("RBAC objects in " + CHART).hasSizeGreaterThanOrEqualTo(7);
    access.policy().upsertAll(objects);
    operatorToken = access.authenticator().issue(operator);
    approverToken = access.authenticator().issue(approver);
    // The chart leaves binding the approver role to the cluster's administrators.
    access
        .policy()
        .load(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: approvers}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: countersign-approver}
            subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: approvers}]
            """);
  }

  private AccessResult operator(String method, String target) {
    return access.check(method, target, Bearer.headers(operatorToken));
  }

  private AccessResult approver(String method, String target) {
    return access.check(method, target, Bearer.headers(approverToken));
  }

  private void replayTheRulesBeforeTheFix() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("chart-rbac-before-1e09eee.yaml")) {
      access.policy().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void operatorMayGetUpdateAndPatchItsLease() {
    assertThat(operator("GET", LEASE).allowed()).isTrue();
    assertThat(operator("PUT", LEASE).allowed()).isTrue();
    assertThat(operator("PATCH", LEASE).allowed()).isTrue();
    assertThat(operator("POST", LEASE.substring(0, LEASE.lastIndexOf('/'))).allowed()).isTrue();
  }

  @Test
  void operatorWithoutPatchOnLeasesWasForbiddenBeforeTheFix() throws IOException {
    replayTheRulesBeforeTheFix();

    assertThat(operator("PUT", LEASE).allowed()).isTrue();
    AccessResult patch = operator("PATCH", LEASE);

    assertThat(patch.status()).isEqualTo(403);
    assertThat(patch.body())
        .contains(
            "leases.coordination.k8s.io \\\"countersign-operator\\\" is forbidden: User"
                + " \\\"system:serviceaccount:countersign-system:countersign\\\" cannot patch"
                + " resource \\\"leases\\\" in API group \\\"coordination.k8s.io\\\" in the"
                + " namespace \\\"countersign-system\\\"");
  }

  @Test
  void operatorHasNoLeaseRightsOutsideItsNamespace() {
    assertThat(operator("GET", LEASE.replace(NAMESPACE, "default")).allowed()).isFalse();
  }

  @Test
  void approverMayGetListWatchAndCreateApprovalsButNotChangeThem() {
    assertThat(approver("GET", APPROVALS + "/approve-r1").allowed()).isTrue();
    assertThat(approver("GET", APPROVALS + "?watch=true").allowed()).isTrue();
    assertThat(approver("POST", APPROVALS).allowed()).isTrue();
    assertThat(approver("PATCH", APPROVALS + "/approve-r1").allowed()).isFalse();
    assertThat(approver("DELETE", APPROVALS + "/approve-r1").allowed()).isFalse();
  }

  @Test
  void approverMayNotGetApprovalsBeforeTheFix() throws IOException {
    replayTheRulesBeforeTheFix();

    assertThat(approver("POST", APPROVALS).allowed()).isTrue();
    AccessResult get = approver("GET", APPROVALS + "/approve-r1");

    assertThat(get.status()).isEqualTo(403);
    assertThat(get.body())
        .contains(
            "approvals.countersign.dev \\\"approve-r1\\\" is forbidden: User \\\"carol\\\" cannot"
                + " get resource \\\"approvals\\\" in API group \\\"countersign.dev\\\" in the"
                + " namespace \\\"team-a\\\"");
  }

  @Test
  void approverMaySeeWhatWillChangeButNoSecrets() {
    assertThat(approver("GET", "/apis/apps/v1/namespaces/shop/deployments/web").allowed()).isTrue();
    assertThat(approver("GET", "/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb").allowed())
        .isTrue();
    assertThat(approver("GET", "/api/v1/namespaces/shop/secrets/db").allowed()).isFalse();
  }

  @Test
  void operatorMayWriteStatusAndAnnotateRequestsButNotRewriteThem() {
    String request = "/apis/countersign.dev/v1alpha1/namespaces/team-a/actionrequests/r1";

    assertThat(operator("PUT", request + "/status").allowed()).isTrue();
    assertThat(operator("PATCH", request).allowed()).isTrue();
    assertThat(operator("PUT", request).allowed()).isFalse();
    assertThat(
            operator("GET", "/apis/countersign.dev/v1alpha1/actionrequests?watch=true").allowed())
        .isTrue();
  }

  @Test
  void operatorMayScaleWorkloadsButNotDeleteThemOrReadSecrets() {
    assertThat(operator("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web/scale").allowed())
        .isTrue();
    assertThat(operator("DELETE", "/apis/apps/v1/namespaces/shop/deployments/web").allowed())
        .isFalse();
    assertThat(operator("GET", "/api/v1/namespaces/shop/secrets/db").allowed()).isFalse();
  }
}
