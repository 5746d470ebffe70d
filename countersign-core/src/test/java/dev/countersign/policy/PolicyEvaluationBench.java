package dev.countersign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.ScaleParameters;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec.TargetRef;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import dev.countersign.api.v1alpha1.actionrequest.Reasoning;
import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.api.v1alpha1.agentpolicy.Budget;
import dev.countersign.api.v1alpha1.agentpolicy.FreezeWindow;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import dev.countersign.api.v1alpha1.agentpolicy.ScaleLimits;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects;
import dev.countersign.api.v1alpha1.agentpolicy.Subjects.ServiceAccountRef;
import dev.countersign.api.v1alpha1.agentpolicy.Targets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Evaluation time per request with 100, 1,000 and 10,000 AgentPolicies (goal: at most 50 µs per
 * request at 10,000, growing sub-linearly). Not part of the test suite (its name does not end in
 * Test); run it with {@code make bench}:
 *
 * <pre>./mvnw -B test -Dtest=PolicyEvaluationBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>Workload: N policies spread over N/10 namespaces (10 per namespace, each for one agent, with
 * kinds, name lists, scale limits, a budget and a freeze window) plus 5 cluster-wide policies with
 * a namespace selector; 1,000 distinct scale requests, each governed by one namespace policy and
 * the cluster-wide ones. Each request's history holds 20 earlier actions. The index is built once
 * per policy set (as the operator does after a policy changes); its build time is printed too.
 */
class PolicyEvaluationBench {
  private static final Instant NOW = Instant.parse("2025-06-04T12:00:00Z");
  private static final int REQUESTS = 1_000;
  private static final Duration WARMUP = Duration.ofSeconds(2);
  private static final Duration MEASURE = Duration.ofSeconds(3);

  @Test
  void printsEvaluationTimePerRequest() {
    PolicyEvaluator evaluator = new PolicyEvaluator(new Limits(1000, Duration.ofHours(1)));
    List<String> rows = new ArrayList<>();
    rows.add(
        String.format(
            "%-10s %-14s %-12s %-12s %-12s %-12s",
            "policies", "index build", "mean/req", "p50/req", "p99/req", "evaluations"));
    for (int n : new int[] {100, 1_000, 10_000}) {
      List<PolicySnapshot> policies = policies(n);
      long buildStart = System.nanoTime();
      PolicyIndex index = PolicyIndex.of(policies);
      double buildMillis = (System.nanoTime() - buildStart) / 1e6;
      List<RequestFacts> requests = requests(n);
      for (RequestFacts request : requests.subList(0, 50)) {
        var decision = evaluator.evaluate(request, index, NOW);
        assertThat(decision.verdict()).as(decision.explanation()).isEqualTo(Verdict.Allowed);
      }
      run(evaluator, index, requests, WARMUP, null);
      long[] samples = new long[2_000_000];
      int count = run(evaluator, index, requests, MEASURE, samples);
      long[] taken = Arrays.copyOf(samples, count);
      double mean = Arrays.stream(taken).average().orElse(0) / 1000.0;
      Arrays.sort(taken);
      rows.add(
          String.format(
              "%-10s %-14s %-12s %-12s %-12s %-12s",
              String.format("%,d", n),
              String.format("%.1f ms", buildMillis),
              String.format("%.2f µs", mean),
              String.format("%.2f µs", taken[count / 2] / 1000.0),
              String.format("%.2f µs", taken[(int) (count * 0.99)] / 1000.0),
              String.format("%,d", count)));
    }
    System.out.println();
    System.out.println(
        "Policy evaluation per request (PolicyEvaluator.evaluate with a PolicyIndex)");
    rows.forEach(System.out::println);
    System.out.println();
  }

  private static int run(
      PolicyEvaluator evaluator,
      PolicyIndex index,
      List<RequestFacts> requests,
      Duration duration,
      long[] samples) {
    long end = System.nanoTime() + duration.toNanos();
    int i = 0;
    int sink = 0;
    while (System.nanoTime() < end && (samples == null || i < samples.length)) {
      RequestFacts request = requests.get(i % requests.size());
      long start = System.nanoTime();
      var decision = evaluator.evaluate(request, index, NOW);
      long took = System.nanoTime() - start;
      sink += decision.reasons().size();
      if (samples != null) {
        samples[i] = took;
      }
      i++;
    }
    if (sink == 42) {
      System.out.print("");
    }
    return i;
  }

  private static String namespace(int i) {
    return "team-" + i;
  }

  private static List<PolicySnapshot> policies(int n) {
    List<PolicySnapshot> policies = new ArrayList<>();
    int namespaces = Math.max(1, n / 10);
    for (int i = 0; i < n - 5; i++) {
      int ns = i % namespaces;
      int slot = i / namespaces;
      policies.add(
          new PolicySnapshot(
              "policy-" + i,
              1,
              new AgentPolicySpec(
                  new Subjects(
                      List.of(new ServiceAccountRef(namespace(ns), "agent-" + slot)), null, null),
                  new Targets(
                      List.of(namespace(ns)),
                      null,
                      List.of("Deployment"),
                      List.of("web", "api", "worker"),
                      null),
                  List.of(
                      new PolicyRule("scale", "Allow", new ScaleLimits(1, 20, "50%", "2"), null),
                      new PolicyRule("restart", "Allow", null, null)),
                  "2h",
                  new Budget("1h", 50, 20),
                  "1m",
                  List.of(new FreezeWindow("weekend", "0 18 * * FRI", "62h", "Europe/Berlin")),
                  null)));
    }
    for (int i = 0; i < 5; i++) {
      policies.add(
          new PolicySnapshot(
              "cluster-wide-" + i,
              1,
              new AgentPolicySpec(
                  new Subjects(null, null, List.of("system:serviceaccounts")),
                  new Targets(
                      null,
                      new dev.countersign.api.v1alpha1.Selector(Map.of("tier", "apps"), null),
                      null,
                      null,
                      null),
                  List.of(new PolicyRule("scale", "Allow", new ScaleLimits(0, 100), null)),
                  null)));
    }
    return policies;
  }

  private static List<RequestFacts> requests(int n) {
    Random random = new Random(42);
    int namespaces = Math.max(1, n / 10);
    int slots = Math.max(1, (n - 5) / namespaces);
    List<RequestFacts> requests = new ArrayList<>();
    for (int r = 0; r < REQUESTS; r++) {
      int ns = random.nextInt(namespaces);
      int slot =
          random.nextInt(Math.min(slots, Math.max(1, (n - 5 - ns + namespaces - 1) / namespaces)));
      String requester = "system:serviceaccount:" + namespace(ns) + ":agent-" + slot;
      var spec =
          new ActionRequestSpec(
              requester,
              List.of(),
              "scale",
              new TargetRef("Deployment", "web"),
              new ScaleParameters(5),
              null,
              null,
              new Reasoning("load is up", List.of(), List.of(), 0.9, null));
      var target =
          new TargetFacts(
              true, "Deployment", "web", Map.of("app", "web"), 4, 3L, List.of(1L, 2L, 3L));
      List<dev.countersign.policy.PastAction> history = new ArrayList<>();
      for (int h = 0; h < 20; h++) {
        history.add(
            new dev.countersign.policy.PastAction(
                namespace(ns) + "/earlier-" + h,
                requester,
                namespace(ns),
                "Deployment",
                h % 2 == 0 ? "api" : "worker",
                java.util.Set.of("policy-" + (ns + slot * namespaces)),
                NOW.minus(Duration.ofMinutes(5 + h * 7)),
                NOW.minus(Duration.ofMinutes(4 + h * 7))));
      }
      requests.add(new RequestFacts(namespace(ns), Map.of("tier", "apps"), spec, target, history));
    }
    return requests;
  }
}
