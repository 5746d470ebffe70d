package dev.countersign.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** How each channel type renders a payload into the bytes it POSTs. */
public enum Rendering {
  /** The payload itself, for Standard Webhooks receivers. */
  webhook,
  /** A Slack Block Kit message. */
  slack,
  /** A Microsoft Teams message with an Adaptive Card. */
  msteams;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The request body for this channel type. */
  public byte[] body(NotificationPayload payload) {
    Object tree =
        switch (this) {
          case webhook -> payload;
          case slack -> SlackMessage.render(payload);
          case msteams -> TeamsCard.render(payload);
        };
    try {
      return JSON.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a notification could not be written as JSON", e);
    }
  }

  /** The payload as a JSON tree (for tests and the docs' examples). */
  public static ObjectNode tree(NotificationPayload payload) {
    return JSON.valueToTree(payload);
  }
}
