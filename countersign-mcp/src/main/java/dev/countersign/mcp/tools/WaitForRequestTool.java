package dev.countersign.mcp.tools;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.mcp.cluster.RequestView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * wait_for_request: blocks until one of the caller's requests ends or the wait runs out (at most 60
 * s), sending an MCP progress notification each time the request's phase changes and every poll. It
 * polls the API server (once a second) rather than watching, so that no watch outlives a call on a
 * stateless server.
 */
public final class WaitForRequestTool implements DoorTool {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final Duration maxWait;
  private final Clock clock;
  private final McpSchema.Tool definition;

  public WaitForRequestTool(KubernetesClient client, Duration maxWait, Clock clock) {
    this.client = client;
    this.maxWait = maxWait;
    this.clock = clock;
    Map<String, Object> input = new LinkedHashMap<>(GetRequestTool.inputSchema());
    @SuppressWarnings("unchecked")
    Map<String, Object> properties =
        new LinkedHashMap<>((Map<String, Object>) input.get("properties"));
    properties.put(
        "timeoutSeconds",
        Schemas.integer(
            "How long to wait at most, in seconds (default 30, at most "
                + maxWait.toSeconds()
                + ").",
            1,
            maxWait.toSeconds()));
    properties.put(
        "until",
        Schemas.enumOf(
            "decided: until the request leaves Pending; done (default): until it ends.",
            List.of("decided", "done")));
    input.put("properties", properties);
    Map<String, Object> output = new LinkedHashMap<>(Schemas.request());
    @SuppressWarnings("unchecked")
    Map<String, Object> outputProperties =
        new LinkedHashMap<>((Map<String, Object>) output.get("properties"));
    outputProperties.put(
        "timedOut", Map.of("type", "boolean", "description", "True when the wait ran out first."));
    output.put("properties", outputProperties);
    this.definition =
        McpSchema.Tool.builder()
            .name("wait_for_request")
            .title("Wait for my request")
            .description(
                "Waits (at most "
                    + maxWait.toSeconds()
                    + " s) until one of your ActionRequests is decided or ends, with progress"
                    + " notifications as its phase changes, and returns it as get_request does."
                    + " A request awaiting a human's approval can wait far longer than one call:"
                    + " call again, or tell the human the kubectl approve line."
                    + Schemas.NOT_AN_APPROVAL)
            .inputSchema(input)
            .outputSchema(output)
            .annotations(
                new McpSchema.ToolAnnotations("Wait for a request", true, false, true, false, null))
            .build();
  }

  @Override
  public McpSchema.Tool definition() {
    return definition;
  }

  @Override
  public ToolOutput call(ToolCall call) {
    Arguments args =
        new Arguments(
            "wait_for_request",
            call.arguments(),
            Set.of("namespace", "name", "timeoutSeconds", "until"));
    String namespace = args.namespace("namespace", true);
    String name = args.objectName("name");
    Long seconds = args.optionalInteger("timeoutSeconds", 1, maxWait.toSeconds());
    boolean untilDecided =
        args.oneOf("until", List.of("decided", "done"), "done").equals("decided");
    Duration timeout =
        Duration.ofSeconds(seconds == null ? Math.min(30, maxWait.toSeconds()) : seconds);
    Instant started = clock.instant();
    Instant deadline = started.plus(timeout);
    ActionRequest request = RequestLookup.own(client, call.caller(), namespace, name);
    Phase last = null;
    while (!reached(request, untilDecided) && clock.instant().isBefore(deadline)) {
      Phase phase = request.phase();
      double waited = Duration.between(started, clock.instant()).toMillis() / 1000.0;
      call.progress()
          .report(
              waited,
              (double) timeout.toSeconds(),
              phase == last ? "still " + phase : "phase " + phase);
      last = phase;
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      request = RequestLookup.own(client, call.caller(), namespace, name);
    }
    boolean timedOut = !reached(request, untilDecided);
    Map<String, Object> view = new LinkedHashMap<>(RequestView.of(request));
    view.put("timedOut", timedOut);
    String text =
        (timedOut ? "Still waiting after " + timeout.toSeconds() + " s. " : "")
            + RequestView.text(view);
    return new ToolOutput(view, text, namespace + "/" + name, false);
  }

  private static boolean reached(ActionRequest request, boolean untilDecided) {
    Phase phase = request.phase();
    return untilDecided ? phase != Phase.Pending : phase.isTerminal();
  }
}
