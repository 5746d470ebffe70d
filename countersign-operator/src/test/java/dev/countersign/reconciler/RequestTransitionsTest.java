package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTransitionsTest {

  @Test
  void aShortConditionMessageIsKeptWhole() {
    assertThat(RequestTransitions.brief("replicas 50 is above policy web's maxReplicas 10"))
        .isEqualTo("replicas 50 is above policy web's maxReplicas 10");
  }

  @Test
  void aLongConditionMessageIsCutAndPointsToTheStatusMessage() {
    String brief = RequestTransitions.brief("x".repeat(1000));

    assertThat(brief).hasSize(256).endsWith("… (see status.message)").startsWith("xxxx");
  }
}
