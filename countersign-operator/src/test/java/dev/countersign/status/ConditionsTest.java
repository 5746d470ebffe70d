package dev.countersign.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T1 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-21T11:00:00Z");

  @Test
  void aNewTypeIsAppendedWithEveryField() {
    List<Condition> result =
        Conditions.set(List.of(), "Ready", Conditions.TRUE, "Valid", "fine", 3L, T1);

    assertThat(result)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Valid");
              assertThat(c.getMessage()).isEqualTo("fine");
              assertThat(c.getObservedGeneration()).isEqualTo(3L);
              assertThat(c.getLastTransitionTime()).isEqualTo(T1.toString());
            });
  }

  @Test
  void transitionTimeIsKeptWhileTheStatusStaysTheSame() {
    List<Condition> first = Conditions.set(List.of(), "Ready", "True", "Valid", "a", 1L, T1);

    List<Condition> second = Conditions.set(first, "Ready", "True", "Valid", "b", 2L, T2);

    assertThat(second.getFirst().getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(second.getFirst().getMessage()).isEqualTo("b");
    assertThat(second.getFirst().getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void transitionTimeMovesWhenTheStatusFlips() {
    List<Condition> first = Conditions.set(List.of(), "Ready", "True", "Valid", "a", 1L, T1);

    List<Condition> second = Conditions.set(first, "Ready", "False", "Invalid", "b", 2L, T2);

    assertThat(second).hasSize(1);
    assertThat(second.getFirst().getLastTransitionTime()).isEqualTo(T2.toString());
  }

  @Test
  void otherTypesKeepTheirPlace() {
    List<Condition> two =
        Conditions.set(
            Conditions.set(List.of(), "Decided", "True", "Allowed", "", 1L, T1),
            "Executed",
            "Unknown",
            "Executing",
            "",
            1L,
            T1);

    List<Condition> updated = Conditions.set(two, "Decided", "True", "Allowed", "x", 1L, T2);

    assertThat(updated).extracting(Condition::getType).containsExactly("Decided", "Executed");
    assertThat(Conditions.find(updated, "Executed").getStatus()).isEqualTo("Unknown");
    assertThat(Conditions.find(updated, "Missing")).isNull();
  }
}
