package dev.countersign.quorum;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash an approver signs: SHA-256 of the request spec's canonical JSON, as 64 lowercase hex
 * digits. An Approval counts only for a request whose spec hashes the same, so an approval can
 * never be carried over to a spec the approver did not see.
 *
 * <p>This is a contract: the {@code kubectl approve} plugin computes the same hash. The canonical
 * JSON of a spec is:
 *
 * <ul>
 *   <li>one JSON object with the spec's fields as the CRD names them ({@code requester}, {@code
 *       requesterGroups}, {@code action}, {@code target}, {@code scale}, {@code rollback}, {@code
 *       dryRun}, {@code reasoning} and their sub-fields), no others;
 *   <li>object keys sorted by Unicode code point at every level; array elements in their given
 *       order;
 *   <li>fields that are absent, null, empty strings, empty arrays or empty objects omitted; {@code
 *       false} and {@code 0} are kept (so {@code replicas: 0} and {@code dryRun: false} are
 *       hashed);
 *   <li>no whitespace at all between tokens;
 *   <li>strings escaped only where JSON requires: {@code \"}, {@code \\}, and control characters
 *       below U+0020 (as {@code \n}, {@code \t}, {@code \r}, {@code \b}, {@code \f}, or else as a
 *       backslash, {@code u} and four upper-case hex digits); everything else, including non-ASCII
 *       and {@code <>&}, as raw UTF-8;
 *   <li>integers in plain decimal; {@code reasoning.confidence} as Java's {@code Double.toString}
 *       writes it, e.g. {@code 0.85}, {@code 1.0}, {@code 0.0};
 *   <li>encoded as UTF-8 without a byte-order mark.
 * </ul>
 *
 * <p>For example {@code {"action":"scale","reasoning":{"summary":"p99 over SLO"},
 * "requester":"system:serviceaccount:shop:agent","scale":{"replicas":8},
 * "target":{"kind":"Deployment","name":"web"}}} (shown wrapped; the real form is one line).
 */
public final class SpecHash {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
          .disable(SerializationFeature.INDENT_OUTPUT)
          .serializationInclusion(JsonInclude.Include.NON_EMPTY)
          .build();

  private SpecHash() {}

  /** The hash of the spec, 64 lowercase hex digits. */
  public static String of(ActionRequestSpec spec) {
    return HexFormat.of().formatHex(sha256(canonicalJson(spec)));
  }

  /** The canonical JSON the hash is taken of, as UTF-8 bytes. */
  public static byte[] canonicalJson(ActionRequestSpec spec) {
    try {
      return CANONICAL.writeValueAsBytes(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the spec cannot be written as JSON", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
