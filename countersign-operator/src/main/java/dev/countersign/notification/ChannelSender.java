package dev.countersign.notification;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.config.CountersignConfig;
import dev.countersign.execution.Workloads;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;

/**
 * One delivery attempt: checks the channel, renders the payload for its type, signs it for a
 * webhook (Standard Webhooks headers) and POSTs it. Answers with the channel type and the error in
 * words (null when the channel answered 2xx); never throws for a channel's fault.
 */
final class ChannelSender {
  private final ChannelCheck channels;
  private final Workloads workloads;
  private final HttpClient http;
  private final CountersignConfig.Notifications config;
  private final Clock clock;

  ChannelSender(
      ChannelCheck channels,
      Workloads workloads,
      HttpClient http,
      CountersignConfig.Notifications config,
      Clock clock) {
    this.channels = channels;
    this.workloads = workloads;
    this.http = http;
    this.config = config;
    this.clock = clock;
  }

  record Attempt(String type, String error, boolean interrupted) {}

  Attempt send(ActionRequest request, NotificationPlan.Owed owed, String id) {
    ChannelCheck.Result check;
    try {
      check = channels.check(owed.channel());
    } catch (KubernetesClientException e) {
      return new Attempt(
          "unknown",
          "could not read the channel: HTTP " + e.getCode() + " from the API server",
          false);
    }
    if (check.target().isEmpty()) {
      return new Attempt("unknown", check.message(), false);
    }
    ChannelCheck.Target target = check.target().get();
    Instant now = clock.instant();
    String change = ChangeTexts.of(request, workloads);
    byte[] body =
        target
            .rendering()
            .body(
                NotificationPayload.of(
                    request, owed.event(), change, owed.policy(), owed.rule(), now));
    HttpRequest.Builder post =
        HttpRequest.newBuilder(target.url())
            .timeout(config.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "countersign")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (target.signer().isPresent()) {
      long timestamp = now.getEpochSecond();
      post.header(StandardWebhooks.ID, id)
          .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
          .header(StandardWebhooks.SIGNATURE, target.signer().get().sign(id, timestamp, body));
    }
    String type = target.rendering().name();
    try {
      HttpResponse<Void> response = http.send(post.build(), HttpResponse.BodyHandlers.discarding());
      int code = response.statusCode();
      return new Attempt(type, code / 100 == 2 ? null : "the channel answered HTTP " + code, false);
    } catch (IOException e) {
      return new Attempt(type, "could not deliver: " + describe(e), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(type, "interrupted", true);
    }
  }

  /** The exception's kind and message, without a URL (a Slack or Teams URL is a credential). */
  private static String describe(IOException e) {
    String message =
        e.getMessage() == null ? "" : e.getMessage().replaceAll("\\S+://\\S+", "<url>");
    String text = e.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + message);
    return text.length() > 400 ? text.substring(0, 400) : text;
  }
}
