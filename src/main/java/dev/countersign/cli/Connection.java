package dev.countersign.cli;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A client for the cluster the kubeconfig names, chosen as kubectl chooses: {@code --kubeconfig},
 * else {@code KUBECONFIG} (the first file of the list that exists), else {@code ~/.kube/config};
 * {@code --context} or the current context; {@code -n}, else the context's namespace, else {@code
 * default}.
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

  public static Connection open(Options options, Environment env) {
    File kubeconfig = kubeconfigFile(options, env);
    Config config;
    try {
      config = Config.fromKubeconfig(options.context(), kubeconfig);
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
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return new Connection(client, namespace, userOf(config));
  }

  private static String userOf(Config config) {
    if (config.getUsername() != null && !config.getUsername().isBlank()) {
      return config.getUsername();
    }
    NamedContext context = config.getCurrentContext();
    return context.getContext() == null ? null : context.getContext().getUser();
  }

  private static File kubeconfigFile(Options options, Environment env) {
    if (options.kubeconfig() != null) {
      File file = new File(options.kubeconfig());
      if (!file.isFile()) {
        throw new CliError(ExitCode.NO_CLUSTER, "no kubeconfig at " + file + " (--kubeconfig)");
      }
      return file;
    }
    String list = env.variables().get("KUBECONFIG");
    if (list != null && !list.isBlank()) {
      return Arrays.stream(list.split(File.pathSeparator))
          .filter(p -> !p.isBlank())
          .map(File::new)
          .filter(File::isFile)
          .findFirst()
          .orElseThrow(
              () ->
                  new CliError(
                      ExitCode.NO_CLUSTER, "no kubeconfig: KUBECONFIG=" + list + " names no file"));
    }
    String home = env.variables().getOrDefault("HOME", System.getProperty("user.home"));
    File file = Path.of(home, ".kube", "config").toFile();
    if (!file.isFile()) {
      throw new CliError(
          ExitCode.NO_CLUSTER,
          "no kubeconfig at " + file + ": set KUBECONFIG or pass --kubeconfig");
    }
    return file;
  }

  @Override
  public void close() {
    client.close();
  }
}
