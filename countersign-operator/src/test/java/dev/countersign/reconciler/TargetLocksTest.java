package dev.countersign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestStatus;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetLocksTest {
  private final TargetLocks locks = new TargetLocks();

  @Test
  void theFirstRequestClaimsTheTargetAndTheSecondWaitsForIt() {
    ActionRequest first = request("first", "web", Phase.Approved);
    ActionRequest second = request("second", "web", Phase.Approved);
    List<ActionRequest> known = List.of(first, second);

    assertThat(locks.claim(first, known)).isEmpty();
    assertThat(locks.claim(second, known)).contains("first");
    assertThat(locks.claim(first, known)).as("claiming again is idempotent").isEmpty();
  }

  @Test
  void requestsOnDifferentTargetsDoNotWaitForEachOther() {
    ActionRequest web = request("web-req", "web", Phase.Approved);
    ActionRequest api = request("api-req", "api", Phase.Approved);

    assertThat(locks.claim(web, List.of(web, api))).isEmpty();
    assertThat(locks.claim(api, List.of(web, api))).isEmpty();
  }

  @Test
  void aRequestTheClusterShowsExecutingHoldsTheTargetAfterARestart() {
    ActionRequest running = request("running", "web", Phase.Executing);
    ActionRequest next = request("next", "web", Phase.Approved);

    assertThat(locks.claim(next, List.of(running, next))).contains("running");
  }

  @Test
  void aClaimLapsesWhenItsRequestEndsOrIsDeleted() {
    ActionRequest first = request("first", "web", Phase.Approved);
    ActionRequest second = request("second", "web", Phase.Approved);
    locks.claim(first, List.of(first, second));

    assertThat(locks.claim(second, List.of(second))).as("first was deleted").isEmpty();
    assertThat(locks.claim(first, List.of(request("first", "web", Phase.Succeeded), second)))
        .contains("second");
  }

  @Test
  void releasingLetsTheNextRequestIn() {
    ActionRequest first = request("first", "web", Phase.Approved);
    ActionRequest second = request("second", "web", Phase.Approved);
    locks.claim(first, List.of(first, second));

    locks.release(first);

    assertThat(locks.claim(second, List.of(first, second))).isEmpty();
  }

  private static ActionRequest request(String name, String target, Phase phase) {
    ActionRequest request = ActionRequests.restart(target).named(name).in("shop").build();
    request.getMetadata().setUid("uid-" + name);
    request.setStatus(ActionRequestStatus.empty().withPhase(phase, null));
    return request;
  }
}
