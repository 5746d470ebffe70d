package dev.countersign.execution;

import dev.countersign.policy.Action;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The executor for each action. */
public class ActionExecutors {

  private final Map<String, ActionExecutor> byAction = new TreeMap<>();

  public ActionExecutors(List<ActionExecutor> executors) {
    for (ActionExecutor executor : executors) {
      String action = executor.action().wireName();
      ActionExecutor previous = byAction.putIfAbsent(action, executor);
      if (previous != null) {
        throw new IllegalStateException(
            "two executors for action "
                + action
                + ": "
                + previous.getClass().getName()
                + " and "
                + executor.getClass().getName());
      }
    }
  }

  /** An executor for every {@link Action}. */
  public static ActionExecutors forEveryAction(Workloads workloads) {
    return new ActionExecutors(
        Arrays.stream(Action.values()).map(a -> executorFor(a, workloads)).toList());
  }

  /**
   * The executor of one action. The switch names every {@link Action}, so a new action does not
   * compile until its executor is named here.
   */
  static ActionExecutor executorFor(Action action, Workloads workloads) {
    return switch (action) {
      case SCALE -> new ScaleExecutor(workloads);
      case RESTART -> new RestartExecutor(workloads);
      case ROLLBACK -> new RollbackExecutor(workloads);
    };
  }

  /**
   * The executor for {@code action}.
   *
   * @throws ExecutionRefused for an action no executor handles
   */
  public ActionExecutor forAction(String action) {
    ActionExecutor executor = action == null ? null : byAction.get(action);
    if (executor == null) {
      throw new ExecutionRefused(
          "Countersign cannot execute action \""
              + action
              + "\"; it can execute "
              + String.join(", ", byAction.keySet()));
    }
    return executor;
  }

  /** The actions that can be executed, sorted. */
  public Set<String> actions() {
    return Set.copyOf(byAction.keySet());
  }
}
