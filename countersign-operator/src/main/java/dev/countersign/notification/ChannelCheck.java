package dev.countersign.notification;

import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannel;
import dev.countersign.api.v1alpha1.notificationchannel.NotificationChannelSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a NotificationChannel can deliver, and if so where and how: reads the channel and its
 * Secret in the operator's namespace, checks the type, the URL (HTTPS, or plain http to a loopback
 * address only when the channel allows it) and, for a webhook, the signing key. Every problem comes
 * back as a reason (one CamelCase word for the Ready condition) and a message that says exactly
 * what is wrong and never contains a secret. Used by the channel reconciler and by every delivery,
 * so a channel that breaks between the two is still caught.
 */
public final class ChannelCheck {
  private final KubernetesClient client;
  private final String namespace;

  public ChannelCheck(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The namespace channels are read from. */
  public String namespace() {
    return namespace;
  }

  /** A channel ready to deliver to. */
  public record Target(
      String name, Rendering rendering, URI url, Optional<StandardWebhooks> signer) {}

  /** The outcome of a check: a target, or why there is none. */
  public record Result(Optional<Target> target, String reason, String message) {
    static Result usable(Target target) {
      return new Result(Optional.of(target), "CanDeliver", "the Secret and URL are usable");
    }

    static Result unusable(String reason, String message) {
      return new Result(Optional.empty(), reason, message);
    }
  }

  /** Checks the channel named {@code name}, reading it from the API server. */
  public Result check(String name) {
    NotificationChannel channel =
        client.resources(NotificationChannel.class).inNamespace(namespace).withName(name).get();
    if (channel == null) {
      return Result.unusable(
          "ChannelMissing",
          "NotificationChannel " + name + " does not exist in namespace " + namespace);
    }
    return check(channel);
  }

  /** Checks {@code channel} as it is, reading its Secret. */
  public Result check(NotificationChannel channel) {
    String name = channel.getMetadata().getName();
    NotificationChannelSpec spec = channel.getSpec();
    Rendering rendering;
    try {
      rendering = Rendering.valueOf(spec == null || spec.type() == null ? "" : spec.type());
    } catch (IllegalArgumentException e) {
      return Result.unusable(
          "UnknownType",
          "type " + (spec == null ? null : spec.type()) + " is not one of webhook, slack, msteams");
    }
    if (spec.secretRef() == null || spec.secretRef().name() == null) {
      return Result.unusable("SecretMissing", "spec.secretRef.name is not set");
    }
    String secretName = spec.secretRef().name();
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null) {
      return Result.unusable(
          "SecretMissing", "Secret " + secretName + " does not exist in namespace " + namespace);
    }
    Optional<String> url = value(secret, NotificationChannelSpec.URL_KEY);
    if (url.isEmpty()) {
      return Result.unusable(
          "SecretMissing",
          "Secret " + secretName + " has no key " + NotificationChannelSpec.URL_KEY);
    }
    Optional<String> urlProblem = urlProblem(url.get(), spec.insecureLoopbackAllowed());
    if (urlProblem.isPresent()) {
      String reason = urlProblem.get().startsWith("not HTTPS") ? "InsecureUrl" : "BadUrl";
      return Result.unusable(
          reason, "the URL in Secret " + secretName + " key url is " + urlProblem.get());
    }
    Optional<StandardWebhooks> signer = Optional.empty();
    if (rendering == Rendering.webhook) {
      Optional<String> key = value(secret, NotificationChannelSpec.SIGNING_KEY);
      if (key.isEmpty()) {
        return Result.unusable(
            "SecretMissing",
            "Secret "
                + secretName
                + " has no key "
                + NotificationChannelSpec.SIGNING_KEY
                + " (a webhook channel signs every message)");
      }
      try {
        signer = Optional.of(StandardWebhooks.withSecret(key.get().trim()));
      } catch (IllegalArgumentException e) {
        return Result.unusable(
            "BadSigningKey",
            "Secret "
                + secretName
                + " key "
                + NotificationChannelSpec.SIGNING_KEY
                + ": "
                + e.getMessage());
      }
    }
    return Result.usable(new Target(name, rendering, URI.create(url.get().trim()), signer));
  }

  /**
   * Why {@code url} cannot be used, or empty: it must be an absolute https URL with a host; plain
   * http only to a loopback address and only when {@code loopbackAllowed}. The message never
   * repeats the URL (a Slack or Teams webhook URL is itself a credential).
   */
  static Optional<String> urlProblem(String url, boolean loopbackAllowed) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return Optional.of("not a valid URL");
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      return Optional.of("not an absolute URL with a host");
    }
    String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if ("https".equals(scheme)) {
      return Optional.empty();
    }
    if (!"http".equals(scheme)) {
      return Optional.of("not HTTPS: scheme " + scheme + " is refused");
    }
    if (!loopback(uri.getHost())) {
      return Optional.of("not HTTPS: plain http is refused (allowed only to a loopback address)");
    }
    if (!loopbackAllowed) {
      return Optional.of(
          "not HTTPS: plain http to a loopback address needs spec.allowInsecureLoopback: true");
    }
    return Optional.empty();
  }

  private static boolean loopback(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if ("localhost".equalsIgnoreCase(bare)) {
      return true;
    }
    // Only literal addresses: a name is never resolved here (its answer could change later).
    if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static Optional<String> value(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data != null && data.get(key) != null) {
      return Optional.of(
              new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8))
          .filter(v -> !v.isBlank());
    }
    Map<String, String> plain = secret.getStringData();
    return plain == null
        ? Optional.empty()
        : Optional.ofNullable(plain.get(key)).filter(v -> !v.isBlank());
  }
}
