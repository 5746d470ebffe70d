package dev.countersign.policy;

import static dev.countersign.fixtures.Requests.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.Decision;
import dev.countersign.api.v1alpha1.actionrequest.Decision.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reason codes as a decision records them, and as a reader of that decision gets them back. */
class ReasonCodeTest {

  @Test
  void aDenialRecordsEachCodeOnceInTheOrderFirstGiven() {
    Decision decision =
        Reason.denial(
            List.of(
                ReasonCode.AboveMax.because("replicas 20 is above policy a's maxReplicas 10"),
                ReasonCode.Cooldown.because("policy b's cooldown of 10m on Deployment web runs"),
                ReasonCode.AboveMax.because("replicas 20 is above policy c's maxReplicas 12")),
            NOW);

    assertThat(decision.verdict()).isEqualTo(Verdict.Denied);
    assertThat(decision.reasons()).hasSize(3);
    assertThat(decision.reasonCodes()).containsExactly("AboveMax", "Cooldown");
    assertThat(decision.decidedAt()).isEqualTo(NOW.toString());
  }

  @Test
  void aCodeThisVersionDoesNotKnowIsSkippedWhenRead() {
    Decision decision =
        Decision.denied(List.of("a", "b"), List.of("CodeFromTheFuture", "Frozen"), NOW);

    assertThat(ReasonCode.of(decision)).containsExactly(ReasonCode.Frozen);
    assertThat(ReasonCode.named("CodeFromTheFuture")).isEmpty();
    assertThat(ReasonCode.of(null)).isEmpty();
  }
}
