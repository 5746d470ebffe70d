package dev.countersign.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.Reasoning;
import dev.countersign.fixtures.Requests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical form is a contract with the kubectl plugin; these pin it byte for byte. */
class SpecHashTest {

  private static ActionRequestSpec spec(String summary, List<String> groups, Boolean dryRun) {
    return new ActionRequestSpec(
        "system:serviceaccount:shop:agent",
        groups,
        "scale",
        new ActionRequestSpec.TargetRef("Deployment", "web"),
        new ActionRequestSpec.ScaleParameters(8),
        null,
        dryRun,
        new Reasoning(summary, List.of(), null, 1.0, ""));
  }

  @Test
  void canonicalJsonSortsKeysAndOmitsEmptyValues() {
    String json =
        new String(
            SpecHash.canonicalJson(spec("p99 over SLO", List.of(), null)), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"action\":\"scale\",\"reasoning\":{\"confidence\":1.0,\"summary\":\"p99 over SLO\"},"
                + "\"requester\":\"system:serviceaccount:shop:agent\",\"scale\":{\"replicas\":8},"
                + "\"target\":{\"kind\":\"Deployment\",\"name\":\"web\"}}");
  }

  @Test
  void hashIsLowercaseSha256HexOfTheCanonicalJson() throws Exception {
    ActionRequestSpec spec = Requests.scale("web", 8).spec();
    String expected =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(SpecHash.canonicalJson(spec)));

    assertThat(SpecHash.of(spec)).isEqualTo(expected).matches("^[0-9a-f]{64}$");
  }

  @Test
  void hashOfAKnownSpecIsStable() {
    assertThat(SpecHash.of(spec("p99 over SLO", null, null)))
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    sha256(
                        "{\"action\":\"scale\",\"reasoning\":{\"confidence\":1.0,\"summary\":\"p99"
                            + " over SLO\"},\"requester\":\"system:serviceaccount:shop:agent\","
                            + "\"scale\":{\"replicas\":8},\"target\":{\"kind\":\"Deployment\","
                            + "\"name\":\"web\"}}")));
  }

  @Test
  void emptyAndAbsentFieldsHashTheSame() {
    assertThat(SpecHash.of(spec("s", List.of(), null)))
        .isEqualTo(SpecHash.of(spec("s", null, null)));
  }

  @Test
  void falseAndZeroAreHashed() {
    assertThat(SpecHash.of(spec("s", null, false)))
        .isNotEqualTo(SpecHash.of(spec("s", null, null)));
    assertThat(new String(SpecHash.canonicalJson(spec("s", null, false)), StandardCharsets.UTF_8))
        .contains("\"dryRun\":false");
    assertThat(SpecHash.of(Requests.scale("web", 0).spec()))
        .isNotEqualTo(SpecHash.of(Requests.scale("web", 0).noScaleParameters().spec()));
  }

  @Test
  void anyChangeToTheSpecChangesTheHash() {
    assertThat(SpecHash.of(Requests.scale("web", 8).spec()))
        .isEqualTo(SpecHash.of(Requests.scale("web", 8).spec()))
        .isNotEqualTo(SpecHash.of(Requests.scale("web", 9).spec()))
        .isNotEqualTo(SpecHash.of(Requests.scale("web", 8).summary("other").spec()));
  }

  @Test
  void stringsAreEscapedOnlyWhereJsonRequires() {
    String json =
        new String(
            SpecHash.canonicalJson(spec("é <b>&\"q\"\\\n\t\u001f", null, null)),
            StandardCharsets.UTF_8);

    assertThat(json).contains("\"summary\":\"é <b>&\\\"q\\\"\\\\\\n\\t\\u001F\"");
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
