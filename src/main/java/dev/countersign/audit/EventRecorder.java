package dev.countersign.audit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events with a reason from {@link EventReason}. An Event with the same object,
 * reason and message is not repeated: its count goes up, as kubectl's own recorder does. Events are
 * best effort: failing to write one is logged and never fails the reconciliation.
 */
@ApplicationScoped
public class EventRecorder {
  /** The component named as the source of every Event. */
  public static final String COMPONENT = "countersign";

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata object, EventReason reason, String message) {
    record(object, "Normal", reason, message);
  }

  public void warning(HasMetadata object, EventReason reason, String message) {
    record(object, "Warning", reason, message);
  }

  private void record(HasMetadata object, String type, EventReason reason, String text) {
    String message =
        text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default" // where Kubernetes keeps Events about cluster-scoped objects
            : object.getMetadata().getNamespace();
    String name = object.getMetadata().getName() + "." + digest(object, reason, message);
    String now = clock.instant().toString();
    try {
      var events = client.v1().events().inNamespace(namespace);
      Event existing = events.withName(name).get();
      if (existing != null) {
        existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
        existing.setLastTimestamp(now);
        events.resource(existing).update();
        return;
      }
      events
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(object.getApiVersion())
                          .withKind(object.getKind())
                          .withNamespace(object.getMetadata().getNamespace())
                          .withName(object.getMetadata().getName())
                          .withUid(object.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(reason.name())
                  .withMessage(message)
                  .withCount(1)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "could not record event %s on %s %s: %s",
          reason, object.getKind(), object.getMetadata().getName(), e.getMessage());
    }
  }

  private static String digest(HasMetadata object, EventReason reason, String message) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.valueOf(object.getMetadata().getUid()).getBytes(StandardCharsets.UTF_8));
      sha.update(reason.name().getBytes(StandardCharsets.UTF_8));
      sha.update(message.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
