package dev.countersign.cli.run;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.cli.testfile.Fixtures.RevisionFixture;
import dev.countersign.cli.testfile.World;
import dev.countersign.policy.Action;
import dev.countersign.policy.RequestFacts;
import dev.countersign.policy.TargetFacts;
import java.util.List;

/**
 * Turns the fixtures into the {@link RequestFacts} the core decides on, exactly as the operator's
 * {@code RequestFactsReader} turns the cluster into them: the namespace's labels, the live target
 * (its revisions only for a rollback, numbered as {@code kubectl rollout history} numbers them, the
 * current one the workload's own or else the highest), and every earlier executed action.
 */
public final class FactsBuilder {
  private FactsBuilder() {}

  public static RequestFacts facts(World world, String namespace, ActionRequestSpec spec) {
    var target = spec.target();
    boolean rollback = Action.of(spec.action()).filter(Action.ROLLBACK::equals).isPresent();
    TargetFacts facts =
        world
            .workload(namespace, target.kind(), target.name())
            .map(
                w -> {
                  List<Long> numbers =
                      rollback
                          ? w.revisions().stream().map(RevisionFixture::revision).toList()
                          : List.of();
                  Long current =
                      !rollback
                          ? null
                          : w.currentRevision() != null
                              ? w.currentRevision()
                              : numbers.stream().max(Long::compare).orElse(null);
                  return new TargetFacts(
                      true,
                      w.kind(),
                      w.name(),
                      w.labels(),
                      w.replicas() == null ? 1 : w.replicas(),
                      current,
                      numbers);
                })
            .orElseGet(() -> TargetFacts.missing(target.kind(), target.name()));
    return new RequestFacts(
        namespace,
        world.namespaceLabels().getOrDefault(namespace, java.util.Map.of()),
        spec,
        facts,
        world.history());
  }
}
