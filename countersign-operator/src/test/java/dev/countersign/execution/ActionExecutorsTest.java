package dev.countersign.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  private ActionExecutors all() {
    return new ActionExecutors(
        List.of(
            new ScaleExecutor(workloads),
            new RestartExecutor(workloads),
            new RollbackExecutor(workloads)));
  }
}
