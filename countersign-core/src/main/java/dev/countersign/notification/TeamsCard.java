package dev.countersign.notification;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A payload as a Microsoft Teams incoming-webhook (Workflows) message: one attachment of content
 * type {@code application/vnd.microsoft.card.adaptive} holding an Adaptive Card 1.4 with a title,
 * the summary, a FactSet and the {@code kubectl approve} line. No actions: approving stays a
 * Kubernetes action by a Kubernetes identity.
 */
public final class TeamsCard {
  public static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private TeamsCard() {}

  public static ObjectNode render(NotificationPayload payload) {
    Headline h = Headline.of(payload);
    ObjectNode message = JSON.objectNode().put("type", "message");
    ObjectNode attachment = message.putArray("attachments").addObject();
    attachment.put("contentType", CONTENT_TYPE);
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.addObject()
        .put("type", "TextBlock")
        .put("text", h.title())
        .put("size", "Large")
        .put("weight", "Bolder")
        .put("wrap", true);
    if (!h.summary().isEmpty()) {
      body.addObject().put("type", "TextBlock").put("text", h.summary()).put("wrap", true);
    }
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    h.facts().forEach(f -> facts.addObject().put("title", f[0]).put("value", f[1]));
    body.addObject()
        .put("type", "TextBlock")
        .put("text", h.footer())
        .put("fontType", "Monospace")
        .put("isSubtle", true)
        .put("wrap", true);
    return message;
  }
}
