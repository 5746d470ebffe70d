package dev.countersign.testkit.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's own CRDs (crds/*.yaml) and samples (config/samples/*.yaml), read as they are now.
 */
class RealCrdsTest {
  private static final String KINDS_RULE =
      "!has(self.kinds) || self.kinds.all(k, k in ['Deployment', 'StatefulSet'])";

  private static CrdSchemaValidator validator(String plural) {
    return CrdSchemaValidator.forVersion(crd(plural), "v1alpha1");
  }

  private static JsonNode crd(String plural) {
    return Fixtures.mainFile("crds/" + plural + ".countersign.dev.yaml");
  }

  @ParameterizedTest(name = "{0} is accepted as is")
  @CsvSource({
    "actionrequests, actionrequest-restart.yaml",
    "actionrequests, actionrequest-scale.yaml",
    "agentpolicies, agentpolicy.yaml",
    "approvals, approval.yaml"
  })
  void everySampleIsAcceptedWithoutWarnings(String plural, String sample) {
    ValidationResult result =
        validator(plural).validateCreate(Fixtures.mainFile("config/samples/" + sample));

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void rejectsNegativeReplicasWithTheApiServersExactBody() {
    ObjectNode request = (ObjectNode) Fixtures.mainFile("config/samples/actionrequest-scale.yaml");
    ((ObjectNode) request.path("metadata")).put("name", "x");
    ((ObjectNode) request.path("spec").path("scale")).put("replicas", -1);

    ValidationResult result = validator("actionrequests").validateCreate(request);

    assertThat(result.statusJson())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"ActionRequest.countersign.dev \\\"x\\\" is invalid:"
                + " spec.scale.replicas: Invalid value: -1: spec.scale.replicas in body should be"
                + " greater than or equal to 0\",\"reason\":\"Invalid\",\"details\":{\"name\":\"x\","
                + "\"group\":\"countersign.dev\",\"kind\":\"ActionRequest\",\"causes\":[{\"reason\":"
                + "\"FieldValueInvalid\",\"message\":\"Invalid value: -1: spec.scale.replicas in body"
                + " should be greater than or equal to 0\",\"field\":\"spec.scale.replicas\"}]},"
                + "\"code\":422}");
  }

  @Test
  void anActionRequestsSpecIsImmutable() {
    JsonNode old = Fixtures.mainFile("config/samples/actionrequest-scale.yaml");
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.path("spec").path("scale")).put("replicas", 6);

    ValidationResult result = validator("actionrequests").validateUpdate(changed, old);

    assertThat(result.errors())
        .extracting(FieldError::toString)
        .containsExactly(
            "spec: Invalid value: \"object\": spec is immutable; create a new request");
  }

  @Test
  void theOperatorsStatusUpdatePassesTheImmutableSpecRule() {
    JsonNode old = Fixtures.mainFile("config/samples/actionrequest-scale.yaml");
    ObjectNode withStatus = old.deepCopy();
    withStatus.putObject("status").put("phase", "Approved").put("message", "approved by alice");
    ((ObjectNode) withStatus.path("spec").path("scale")).put("replicas", 99);

    ValidationResult result = validator("actionrequests").validateStatusUpdate(withStatus, old);

    assertThat(result.errors()).isEmpty();
    assertThat(result.object().path("spec").path("scale").path("replicas").asLong()).isEqualTo(5);
    assertThat(result.object().path("status").path("phase").asText()).isEqualTo("Approved");
  }

  @Test
  void actionScaleNeedsReplicas() {
    ObjectNode request = (ObjectNode) Fixtures.mainFile("config/samples/actionrequest-scale.yaml");
    ((ObjectNode) request.path("spec")).remove("scale");

    assertThat(validator("actionrequests").validateCreate(request).errors())
        .extracting(FieldError::toString)
        .containsExactly("spec: Invalid value: \"object\": action scale needs spec.scale.replicas");
  }

  @Test
  void aPolicyMayOnlyTargetDeploymentsAndStatefulSets() {
    ObjectNode policy = (ObjectNode) Fixtures.mainFile("config/samples/agentpolicy.yaml");
    ((ObjectNode) policy.path("spec").path("targets")).putArray("kinds").add("DaemonSet");

    assertThat(validator("agentpolicies").validateCreate(policy).errors())
        .extracting(FieldError::toString)
        .containsExactly(
            "spec.targets: Invalid value: \"object\": kinds may only be Deployment or StatefulSet");
  }

  @Test
  void anApprovalsSpecIsImmutable() {
    JsonNode old = Fixtures.mainFile("config/samples/approval.yaml");
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.path("spec")).put("decision", "Reject");

    assertThat(validator("approvals").validateUpdate(changed, old).errors())
        .extracting(FieldError::toString)
        .containsExactly("spec: Invalid value: \"object\": spec is immutable");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"actionrequests", "agentpolicies", "approvals"})
  void everyCrdsRulesFitTheApiServersCostBudget(String plural) {
    CostReport report = CelCostEstimator.estimate(crd(plural), "v1alpha1");
    JsonNode kinds = kindsSchema(crd(plural));
    boolean unboundedKinds =
        kinds != null && !kinds.has("maxItems") && !kinds.path("items").has("maxLength");

    if (unboundedKinds) {
      assertThat(report.errors()).singleElement().asString().contains("by factor of 1.7x");
    } else {
      assertThat(report.errors()).isEmpty();
      assertThat(report.rules()).allSatisfy(r -> assertThat(r.exceedsStaticLimit()).isFalse());
    }
  }

  @Test
  void theAgentPolicyKindsRuleWithoutItsBoundsExceedsTheBudgetBy1_7x() {
    JsonNode crd = crd("agentpolicies");
    ObjectNode kinds = (ObjectNode) kindsSchema(crd);
    kinds.remove("maxItems");
    ((ObjectNode) kinds.path("items")).remove("maxLength");

    CostReport report = CelCostEstimator.estimate(crd, "v1alpha1");

    assertThat(report.rule(KINDS_RULE).cost()).isEqualTo(16_777_205L);
    assertThat(report.errors())
        .containsExactly(
            "spec.validation.openAPIV3Schema.properties[spec].properties[targets]"
                + ".x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget"
                + " by factor of 1.7x (try simplifying the rule, or adding maxItems, maxProperties,"
                + " and maxLength where arrays, maps, and strings are declared)");
  }

  private static JsonNode kindsSchema(JsonNode crd) {
    JsonNode kinds =
        crd.path("spec")
            .path("versions")
            .get(0)
            .path("schema")
            .path("openAPIV3Schema")
            .path("properties")
            .path("spec")
            .path("properties")
            .path("targets")
            .path("properties")
            .path("kinds");
    return kinds.isMissingNode() ? null : kinds;
  }
}
