package dev.countersign.api.v1alpha1.notificationchannel;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The kind of channel and the Secret holding its URL (and, for a webhook, its signing key). */
@JsonClassDescription(
    "The channel's type and the Secret (in the channel's namespace) that holds its URL and, for type webhook, its signing key.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationChannelSpec(
    @Required
        @Pattern("^(webhook|slack|msteams)$")
        @Size(max = 7)
        @JsonPropertyDescription(
            "webhook: any HTTPS endpoint, JSON payload signed as Standard Webhooks"
                + " (webhook-id, webhook-timestamp, webhook-signature). slack: a Slack incoming"
                + " webhook, Block Kit message. msteams: a Teams incoming webhook (Workflows),"
                + " Adaptive Card.")
        String type,
    @Required
        @JsonPropertyDescription(
            "The Secret with the URL (key url) and, for type webhook, the signing key (key"
                + " signingKey, whsec_ followed by base64 as Standard Webhooks defines it).")
        SecretRef secretRef,
    @JsonPropertyDescription(
            "Allow a plain http:// URL whose host is a loopback address (127.0.0.1, ::1,"
                + " localhost), for local receivers and tests. Any other non-HTTPS URL is"
                + " refused whatever this says.")
        Boolean allowInsecureLoopback) {

  public static final String WEBHOOK = "webhook";
  public static final String SLACK = "slack";
  public static final String MSTEAMS = "msteams";

  /** The key in the Secret that holds the URL. */
  public static final String URL_KEY = "url";

  /** The key in the Secret that holds a webhook's signing key. */
  public static final String SIGNING_KEY = "signingKey";

  /** Whether a plain-http loopback URL is allowed. */
  public boolean insecureLoopbackAllowed() {
    return Boolean.TRUE.equals(allowInsecureLoopback);
  }

  /** A Secret in the channel's namespace. */
  @JsonClassDescription("A Secret in the channel's namespace.")
  public record SecretRef(
      @Required @Size(min = 1, max = 253) @JsonPropertyDescription("The Secret's name.")
          String name) {}
}
