package dev.countersign.mcp.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON audit line per tool call, on logger {@code countersign.audit}: when, who (the verified
 * identity), which tool, the outcome, and the request filed or read (namespace/name), if any.
 */
public final class AuditLine {
  private static final Logger AUDIT = LoggerFactory.getLogger("countersign.audit");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final java.util.function.Consumer<String> sink;

  /** Audit lines on logger {@code countersign.audit}. */
  public AuditLine(Clock clock) {
    this(clock, AUDIT::info);
  }

  /** Audit lines to {@code sink} (tests). */
  public AuditLine(Clock clock, java.util.function.Consumer<String> sink) {
    this.clock = clock;
    this.sink = sink;
  }

  /** Writes the line and returns it (tests read it back). */
  public String write(String identity, String tool, String outcome, String request, boolean filed) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", clock.instant().toString());
    line.put("component", "countersign-mcp");
    line.put("identity", identity);
    line.put("tool", tool);
    line.put("outcome", outcome);
    if (request != null) {
      line.put("request", request);
    }
    line.put("filed", filed);
    String json;
    try {
      json = JSON.writeValueAsString(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      json = line.toString();
    }
    sink.accept(json);
    return json;
  }
}
