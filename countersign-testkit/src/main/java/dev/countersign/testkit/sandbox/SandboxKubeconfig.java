package dev.countersign.testkit.sandbox;

import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kubeconfig for plain {@code kubectl} (and {@code kubectl approve}) on an embedded API server:
 * one cluster, and one context per person of the sandbox, each with a bearer token the server
 * issued for that identity, so that every command is authenticated and authorized as that person
 * would be on a real cluster.
 */
public final class SandboxKubeconfig {
  /** The cluster's name in the kubeconfig. */
  public static final String CLUSTER = "countersign-sandbox";

  private SandboxKubeconfig() {}

  /**
   * Writes the kubeconfig (readable by its owner only: it holds tokens) with one context per entry
   * of {@code contexts} (context name to identity), the first one current, all in {@code
   * namespace}.
   */
  public static Path write(
      EmbeddedApiServer api, Path file, Map<String, UserInfo> contexts, String namespace) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Written by the Countersign sandbox; its tokens are valid only while it runs.\n")
        .append("apiVersion: v1\nkind: Config\nclusters:\n")
        .append("- name: ")
        .append(CLUSTER)
        .append("\n  cluster:\n    server: ")
        .append(api.url())
        .append('\n');
    if (api.url().startsWith("https:")) {
      // The mock server's certificate is self-signed for its host name as a Common Name only, which
      // Go's TLS (kubectl's) refuses to verify ("use SANs instead"), and it cannot be given
      // another one. The server listens on the loopback interface only and its tokens die with it.
      yaml.append("    insecure-skip-tls-verify: true\n");
    }
    yaml.append("users:\n");
    for (var entry : contexts.entrySet()) {
      yaml.append("- name: ")
          .append(entry.getKey())
          .append("\n  user:\n    token: ")
          .append(api.token(entry.getValue()))
          .append('\n');
    }
    yaml.append("contexts:\n");
    for (String name : contexts.keySet()) {
      yaml.append("- name: ")
          .append(name)
          .append("\n  context:\n    cluster: ")
          .append(CLUSTER)
          .append("\n    user: ")
          .append(name)
          .append("\n    namespace: ")
          .append(namespace)
          .append('\n');
    }
    yaml.append("current-context: ").append(contexts.keySet().iterator().next()).append('\n');
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Context names to identities, in order. */
  public static Map<String, UserInfo> contexts(List<Map.Entry<String, UserInfo>> entries) {
    Map<String, UserInfo> contexts = new LinkedHashMap<>();
    entries.forEach(e -> contexts.put(e.getKey(), e.getValue()));
    return contexts;
  }
}
