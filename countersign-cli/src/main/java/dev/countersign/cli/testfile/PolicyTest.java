package dev.countersign.cli.testfile;

import java.util.List;

/**
 * A {@code *.countersign-test.yaml} file: policies, the state they are tested against, and cases.
 *
 * @param apiVersion {@value #API_VERSION}
 * @param kind {@value #KIND}
 * @param metadata the suite's name
 * @param policies files or folders of AgentPolicy YAML, relative to the test file
 * @param fixtures the cluster state and clock the cases are decided against
 * @param cases the requests and what is expected of each
 */
public record PolicyTest(
    String apiVersion,
    String kind,
    Metadata metadata,
    List<String> policies,
    Fixtures fixtures,
    List<TestCase> cases) {
  public static final String API_VERSION = "cli.countersign.dev/v1alpha1";
  public static final String KIND = "PolicyTest";

  public PolicyTest {
    policies = policies == null ? List.of() : List.copyOf(policies);
    fixtures = fixtures == null ? Fixtures.NONE : fixtures;
    cases = cases == null ? List.of() : List.copyOf(cases);
  }

  /** The suite's name. */
  public record Metadata(String name) {}
}
