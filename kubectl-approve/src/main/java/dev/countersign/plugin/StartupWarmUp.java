package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The start-up work that does not depend on the kubeconfig, done on a second thread while the main
 * thread reads the kubeconfig: building the JSON mapper the client will use, teaching it to read an
 * ActionRequest (Jackson builds its readers on first use, which costs more than reading 1,000
 * requests after), and loading the JDK's trusted certificates. A short-lived command spends most of
 * its time on such first uses; on two cores they need not wait for one another.
 *
 * <p>If anything here fails, the client simply gets a fresh mapper and pays these costs later.
 */
final class StartupWarmUp {
  /** A complete request (spec, decision, conditions), read once to build every reader it needs. */
  static final String SAMPLE = "dev/countersign/plugin/sample-request.json";

  private final CompletableFuture<KubernetesSerialization> serialization;

  private StartupWarmUp(CompletableFuture<KubernetesSerialization> serialization) {
    this.serialization = serialization;
  }

  /**
   * Starts the work on a daemon thread and returns at once.
   *
   * @param typed whether the command reads typed requests (all but the pending list's table, which
   *     reads JSON trees: teaching the mapper the model would only cost it CPU time)
   */
  static StartupWarmUp begin(boolean typed) {
    return new StartupWarmUp(DaemonTask.start("kubectl-approve-warm-up", () -> warm(typed)));
  }

  /** The mapper, once built and taught; a fresh one if the warm-up failed. */
  KubernetesSerialization serialization() {
    try {
      return serialization.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new KubernetesSerialization();
    } catch (ExecutionException e) {
      return new KubernetesSerialization();
    }
  }

  private static KubernetesSerialization warm(boolean typed) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    if (typed) {
      ActionRequest sample = serialization.unmarshal(sampleJson(), ActionRequest.class);
      serialization.asJson(sample);
    }
    try {
      TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
          .init((KeyStore) null);
    } catch (GeneralSecurityException e) {
      // The client reports a broken trust store itself when it needs one.
    }
    return serialization;
  }

  static String sampleJson() {
    try (InputStream in = StartupWarmUp.class.getClassLoader().getResourceAsStream(SAMPLE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + SAMPLE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
