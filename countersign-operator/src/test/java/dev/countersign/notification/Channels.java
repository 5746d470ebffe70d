package dev.countersign.notification;

import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannel;
import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannelSpec;
import dev.countersign.harness.TestConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates NotificationChannels and their Secrets in the operator's namespace, as an admin would.
 */
final class Channels {
  static final String NS = TestConfig.CHANNEL_NAMESPACE;

  private Channels() {}

  static NotificationChannel channel(String name, String type, String secret, Boolean loopback) {
    NotificationChannel channel = new NotificationChannel();
    channel.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    channel.setSpec(
        new NotificationChannelSpec(type, new NotificationChannelSpec.SecretRef(secret), loopback));
    return channel;
  }

  static Secret secret(String name, String url, String signingKey) {
    Map<String, String> data = new LinkedHashMap<>();
    if (url != null) {
      data.put("url", url);
    }
    if (signingKey != null) {
      data.put("signingKey", signingKey);
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withStringData(data)
        .build();
  }

  /** A webhook channel with its Secret, both created. */
  static void webhook(KubernetesClient admin, String name, String url, String signingKey) {
    admin.resource(secret(name + "-secret", url, signingKey)).create();
    admin.resource(channel(name, "webhook", name + "-secret", null)).create();
  }
}
