package dev.countersign.execution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The executor for each action, found among the {@link ActionExecutor} beans. */
@ApplicationScoped
public class ActionExecutors {

  private final Map<String, ActionExecutor> byAction = new TreeMap<>();

  @Inject
  public ActionExecutors(Instance<ActionExecutor> executors) {
    this(executors.stream().toList());
  }

  public ActionExecutors(List<ActionExecutor> executors) {
    for (ActionExecutor executor : executors) {
      ActionExecutor previous = byAction.putIfAbsent(executor.action(), executor);
      if (previous != null) {
        throw new IllegalStateException(
            "two executors for action "
                + executor.action()
                + ": "
                + previous.getClass().getName()
                + " and "
                + executor.getClass().getName());
      }
    }
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
