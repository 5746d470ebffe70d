package dev.countersign.testkit.controller;

import dev.countersign.workload.PodTemplates;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the simulated controllers share: owner references, template hashes, JSON bodies. */
final class Ownership {
  private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private Ownership() {}

  static boolean controlledBy(HasMetadata owned, HasMetadata owner) {
    List<OwnerReference> refs = owned.getMetadata().getOwnerReferences();
    return refs != null
        && refs.stream()
            .anyMatch(
                r ->
                    Objects.equals(r.getUid(), owner.getMetadata().getUid())
                        && Boolean.TRUE.equals(r.getController()));
  }

  static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  static Map<String, String> labelsOf(PodTemplateSpec template) {
    return template.getMetadata() == null || template.getMetadata().getLabels() == null
        ? Map.of()
        : template.getMetadata().getLabels();
  }

  /**
   * Like the controllers' template hash: FNV-1a (32 bit) of the template, its decimal digits mapped
   * onto an alphabet without vowels (Kubernetes' {@code rand.SafeEncodeString}).
   */
  static String templateHash(PodTemplateSpec template) {
    byte[] bytes = PodTemplates.canonical(template).toString().getBytes(StandardCharsets.UTF_8);
    int h = 0x811c9dc5;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    String digits = Long.toString(Integer.toUnsignedLong(h));
    StringBuilder out = new StringBuilder();
    for (char c : digits.toCharArray()) {
      out.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
    }
    return out.toString();
  }

  static String json(KubernetesClient client, Object body) {
    return client.getKubernetesSerialization().asJson(body);
  }

  static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
