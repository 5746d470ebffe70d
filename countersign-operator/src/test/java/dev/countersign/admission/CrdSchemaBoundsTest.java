package dev.countersign.admission;

import static dev.countersign.testkit.chart.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.countersign.testkit.ProjectFiles;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The oversized-input attack (issue 4, item 8): the API server refuses oversized reasoning and
 * comments by the CRD schema the chart installs, before the operator sees them. The operator
 * re-checks an Approval's reason itself ({@code ApprovalAttackTest}).
 */
class CrdSchemaBoundsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void oversizedReasoningIsRefusedByTheActionRequestSchema() throws IOException {
    Object reasoning =
        at(
            specSchema("actionrequests.countersign.dev.yaml"),
            "properties",
            "reasoning",
            "properties");

    assertThat(at(reasoning, "summary", "maxLength")).isEqualTo(1024);
    assertThat(at(reasoning, "evidence", "maxItems")).isEqualTo(20);
    assertThat(at(reasoning, "alternatives", "maxItems")).isEqualTo(10);
    assertThat(at(reasoning, "plan", "maxLength")).isEqualTo(2048);
    // Each evidence and alternative entry is bounded by the admission policy
    // (AdmissionPolicyTest.oversizedReasoningEvidenceIsDenied), not yet by the schema.
  }

  @Test
  @SuppressWarnings("unchecked")
  void oversizedApprovalCommentsAreRefusedByTheApprovalSchema() throws IOException {
    Object spec = specSchema("approvals.countersign.dev.yaml");

    assertThat(at(spec, "properties", "reason", "maxLength")).isEqualTo(1024);
    assertThat(at(spec, "properties", "groups", "maxItems")).isEqualTo(32);
    assertThat((List<Object>) at(spec, "required"))
        .contains("specHash", "approver", "decision", "request");
  }

  @SuppressWarnings("unchecked")
  private static Object specSchema(String file) throws IOException {
    Map<String, Object> crd =
        YAML.readValue(ProjectFiles.path("helm", "countersign", "crds", file).toFile(), Map.class);
    List<Map<String, Object>> versions = (List<Map<String, Object>>) at(crd, "spec", "versions");
    return at(versions.get(0), "schema", "openAPIV3Schema", "properties", "spec");
  }
}
