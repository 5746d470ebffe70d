package dev.countersign.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A client for the cluster the kubeconfig names, chosen as kubectl chooses: {@code --kubeconfig},
 * else {@code KUBECONFIG} (the files of the list that exist, merged: the first file to name a
 * context, cluster or user wins, as with kubectl), else {@code ~/.kube/config}; {@code --context}
 * or the current context; {@code -n}, else the context's namespace, else {@code default}.
 *
 * @param client the client; closed with the connection
 * @param namespace the namespace to work in
 * @param kubeconfigUser the user entry the context names, for the identity fallback
 */
public record Connection(KubernetesClient client, String namespace, String kubeconfigUser)
    implements AutoCloseable {

  /** Fail fast rather than retry: a person is waiting. */
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private static final int REQUEST_TIMEOUT_MILLIS = 30_000;

  // Where Fabric8 (KubeConfigUtils, 7.x) records the file each entry came from.
  static final String CONTEXT_FILE = "KUBERNETES_CONFIG_CONTEXT_FILE_KEY";
  static final String CLUSTER_FILE = "KUBERNETES_CONFIG_CLUSTER_FILE_KEY";
  static final String USER_FILE = "KUBERNETES_CONFIG_AUTH_INFO_FILE_KEY";

  private static final KubernetesSerialization KUBECONFIG_READER =
      new KubernetesSerialization(new ObjectMapper(), false);

  /**
   * Reads the kubeconfig and builds the client, its JSON mapper from {@code serialization}, asked
   * for only once the kubeconfig has been read (so that it can be built meanwhile).
   */
  public static Connection open(
      Options options, Environment env, Supplier<KubernetesSerialization> serialization) {
    List<File> files = kubeconfigFiles(options, env);
    String kubeconfig =
        files.stream()
            .map(File::toString)
            .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    Config config = Config.empty();
    try {
      KubeConfigUtils.merge(
          config,
          options.context(),
          files.stream()
              .map(Connection::parseKubeconfig)
              .toArray(io.fabric8.kubernetes.api.model.Config[]::new));
    } catch (RuntimeException e) {
      throw new CliError(
          ExitCode.NO_CLUSTER,
          "cannot read kubeconfig " + kubeconfig + ": " + Failures.describe(e));
    }
    if (options.context() != null
        && (config.getContexts() == null
            || config.getContexts().stream()
                .noneMatch(c -> options.context().equals(c.getName())))) {
      throw CliError.usage("context \"" + options.context() + "\" is not in " + kubeconfig);
    }
    if (config.getMasterUrl() == null || config.getCurrentContext() == null) {
      throw new CliError(
          ExitCode.NO_CLUSTER,
          "kubeconfig " + kubeconfig + " names no current context: pass --context");
    }
    config.setRequestRetryBackoffLimit(0);
    config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
    config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
    String namespace =
        options.namespace() != null
            ? options.namespace()
            : Objects.requireNonNullElse(config.getNamespace(), "default");
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientFactory(env.httpClients().get())
            .withKubernetesSerialization(serialization.get())
            .build();
    return new Connection(client, namespace, userOf(config));
  }

  /**
   * One kubeconfig file, read as {@link KubeConfigUtils#parseConfig} reads it, but with a mapper
   * that does not look for every Kubernetes model class on the class path first (Fabric8's shared
   * one does, about a tenth of a listing's CPU time): the kubeconfig's model needs none of them.
   * Each context, cluster and user remembers its file, as there, so that relative paths in it (a
   * certificate-authority: ca.crt) resolve against the file's directory.
   */
  static io.fabric8.kubernetes.api.model.Config parseKubeconfig(File file) {
    io.fabric8.kubernetes.api.model.Config config;
    try (InputStream in = Files.newInputStream(file.toPath())) {
      config = KUBECONFIG_READER.unmarshal(in, io.fabric8.kubernetes.api.model.Config.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (config == null) {
      throw new IllegalArgumentException("the file is empty");
    }
    if (config.getContexts() != null) {
      config.getContexts().forEach(c -> c.getAdditionalProperties().put(CONTEXT_FILE, file));
    }
    if (config.getClusters() != null) {
      config.getClusters().forEach(c -> c.getAdditionalProperties().put(CLUSTER_FILE, file));
    }
    if (config.getUsers() != null) {
      config.getUsers().forEach(u -> u.getAdditionalProperties().put(USER_FILE, file));
    }
    return config;
  }

  private static String userOf(Config config) {
    if (config.getUsername() != null && !config.getUsername().isBlank()) {
      return config.getUsername();
    }
    NamedContext context = config.getCurrentContext();
    return context.getContext() == null ? null : context.getContext().getUser();
  }

  private static List<File> kubeconfigFiles(Options options, Environment env) {
    if (options.kubeconfig() != null) {
      File file = new File(options.kubeconfig());
      if (!file.isFile()) {
        throw new CliError(ExitCode.NO_CLUSTER, "no kubeconfig at " + file + " (--kubeconfig)");
      }
      return List.of(file);
    }
    String list = env.variables().get("KUBECONFIG");
    if (list != null && !list.isBlank()) {
      List<File> files =
          Arrays.stream(list.split(File.pathSeparator))
              .filter(p -> !p.isBlank())
              .map(File::new)
              .filter(File::isFile)
              .toList();
      if (files.isEmpty()) {
        throw new CliError(
            ExitCode.NO_CLUSTER, "no kubeconfig: KUBECONFIG=" + list + " names no file");
      }
      return files;
    }
    String home = env.variables().getOrDefault("HOME", System.getProperty("user.home"));
    File file = Path.of(home, ".kube", "config").toFile();
    if (!file.isFile()) {
      throw new CliError(
          ExitCode.NO_CLUSTER,
          "no kubeconfig at " + file + ": set KUBECONFIG or pass --kubeconfig");
    }
    return List.of(file);
  }

  /** The API server's URL, as the kubeconfig gives it, for messages. */
  public String server() {
    String url = String.valueOf(client.getMasterUrl());
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void close() {
    client.close();
  }
}
