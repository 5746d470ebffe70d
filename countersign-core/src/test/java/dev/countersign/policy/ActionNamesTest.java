package dev.countersign.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.api.v1alpha1.agentpolicy.PolicyRule;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.Field;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRD schemas accept exactly the actions of {@link Action}: a new action cannot be added to the
 * enum and forgotten in the API (then {@code make crds}).
 */
class ActionNamesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {ActionRequestSpec.class, PolicyRule.class})
  void theSchemaAcceptsEveryActionAndNoOther(Class<?> type) throws NoSuchFieldException {
    Field action = type.getDeclaredField("action");
    String pattern = action.getAnnotation(Pattern.class).value();
    long longest = action.getAnnotation(Size.class).max();

    assertThat(pattern)
        .as("@Pattern on %s.action", type.getSimpleName())
        .isEqualTo(
            "^("
                + String.join("|", Arrays.stream(Action.values()).map(Action::wireName).toList())
                + ")$");
    assertThat(Action.values())
        .allSatisfy(
            a ->
                assertThat(a.wireName().length())
                    .as("@Size(max) on %s.action for %s", type.getSimpleName(), a.wireName())
                    .isLessThanOrEqualTo((int) longest));
  }
}
