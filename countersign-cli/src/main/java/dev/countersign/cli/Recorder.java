package dev.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import dev.countersign.cli.run.CaseResult;
import dev.countersign.cli.run.Outcome;
import dev.countersign.cli.testfile.InvalidFile;
import dev.countersign.cli.testfile.Suite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code countersign test --record}: writes each case's current decision into its {@code expect}
 * (verdict, reason codes, approvals required, approvers, governing policies), to start a suite. An
 * {@code expect.invalid} is kept. The file is rewritten from its parsed form, so YAML comments are
 * not kept: review the diff before committing it.
 */
final class Recorder {
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private Recorder() {}

  /** Records the results into their files; returns how many cases were recorded. */
  static int record(List<CaseResult> results) {
    Map<Suite, List<CaseResult>> bySuite = new LinkedHashMap<>();
    results.forEach(
        r -> bySuite.computeIfAbsent(r.suite(), s -> new java.util.ArrayList<>()).add(r));
    int recorded = 0;
    for (var entry : bySuite.entrySet()) {
      Path file = entry.getKey().file();
      JsonNode root;
      try {
        root = YAML.readTree(file.toFile());
      } catch (IOException e) {
        throw InvalidFile.at(file, "", "could not be read: " + e.getMessage());
      }
      ArrayNode cases = (ArrayNode) root.get("cases");
      for (CaseResult r : entry.getValue()) {
        if (r.outcome().isEmpty()) {
          continue;
        }
        ObjectNode c = (ObjectNode) cases.get(r.testCase().position());
        JsonNode invalid = c.path("expect").get("invalid");
        ObjectNode expect = expectation(r.outcome().get());
        if (invalid != null) {
          expect.set("invalid", invalid);
        }
        c.set("expect", expect);
        recorded++;
      }
      try {
        Files.writeString(file, YAML.writeValueAsString(root));
      } catch (IOException e) {
        throw InvalidFile.at(file, "", "could not be written: " + e.getMessage());
      }
    }
    return recorded;
  }

  private static ObjectNode expectation(Outcome o) {
    ObjectNode expect = YAML.createObjectNode();
    expect.put("verdict", o.verdict().name());
    ArrayNode codes = expect.putArray("reasonCodes");
    o.decision().reasonCodes().forEach(codes::add);
    RequiredApprovals required = o.decision().requiredApprovals();
    if (required != null) {
      expect.put("approvalsRequired", required.minApprovals());
      ObjectNode approvers = expect.putObject("approvers");
      if (!required.users().isEmpty()) {
        required.users().forEach(approvers.putArray("users")::add);
      }
      if (!required.groups().isEmpty()) {
        required.groups().forEach(approvers.putArray("groups")::add);
      }
    }
    ArrayNode policies = expect.putArray("policies");
    o.governing().forEach(policies::add);
    return expect;
  }
}
