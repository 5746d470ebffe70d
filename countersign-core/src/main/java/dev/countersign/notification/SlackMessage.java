package dev.countersign.notification;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A payload as a Slack incoming-webhook message: {@code text} (the notification's fallback) and
 * Block Kit {@code blocks}: a header, a section with the summary and up to ten fields, and a
 * context line with the {@code kubectl approve} command. Within Block Kit's documented limits
 * (header text 150 characters, section text 3000, at most 10 fields of 2000 each). No buttons:
 * approving stays a Kubernetes action by a Kubernetes identity.
 */
public final class SlackMessage {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SlackMessage() {}

  public static ObjectNode render(NotificationPayload payload) {
    Headline h = Headline.of(payload);
    ObjectNode message = JSON.objectNode();
    message.put("text", h.title());
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    text(header.putObject("text"), "plain_text", h.title());
    ObjectNode section = blocks.addObject().put("type", "section");
    text(
        section.putObject("text"),
        "mrkdwn",
        Headline.cut(escape(h.summary().isEmpty() ? "-" : h.summary()), 3000));
    ArrayNode fields = section.putArray("fields");
    h.facts().stream()
        .limit(10)
        .forEach(
            f ->
                text(
                    fields.addObject(),
                    "mrkdwn",
                    Headline.cut("*" + f[0] + "*\n" + escape(f[1]), 2000)));
    ObjectNode context = blocks.addObject().put("type", "context");
    text(
        context.putArray("elements").addObject(), "mrkdwn", Headline.cut(escape(h.footer()), 3000));
    return message;
  }

  private static void text(ObjectNode node, String type, String text) {
    node.put("type", type).put("text", text);
  }

  /** Slack's mrkdwn escapes: &amp; &lt; &gt;, so a request cannot inject links or mentions. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
