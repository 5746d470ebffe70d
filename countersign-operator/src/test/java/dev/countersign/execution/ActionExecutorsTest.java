package dev.countersign.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.policy.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionExecutorsTest {

  final Workloads workloads = new Workloads(null);

  @Test
  void findsTheExecutorForEachAction() {
    ActionExecutors executors = all();

    assertThat(executors.forAction("scale")).isInstanceOf(ScaleExecutor.class);
    assertThat(executors.forAction("restart")).isInstanceOf(RestartExecutor.class);
    assertThat(executors.forAction("rollback")).isInstanceOf(RollbackExecutor.class);
    assertThat(executors.actions()).containsExactlyInAnyOrder("scale", "restart", "rollback");
  }

  @Test
  void refusesAnUnknownAction() {
    assertThatThrownBy(() -> all().forAction("delete"))
        .isInstanceOf(ExecutionRefused.class)
        .hasMessage(
            "Countersign cannot execute action \"delete\"; it can execute restart, rollback, scale");
  }

  @Test
  void rejectsTwoExecutorsForOneAction() {
    assertThatThrownBy(
            () ->
                new ActionExecutors(
                    List.of(new ScaleExecutor(workloads), new ScaleExecutor(workloads))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("two executors for action scale");
  }

  @Test
  void everyActionHasAnExecutorThatCarriesItOut() {
    for (Action action : Action.values()) {
      assertThat(all().forAction(action.wireName()).action()).isEqualTo(action);
    }
  }

  private ActionExecutors all() {
    return ActionExecutors.forEveryAction(workloads);
  }
}
