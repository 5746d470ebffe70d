package dev.countersign.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

  /** The example of the Standard Webhooks specification and its reference libraries. */
  @Test
  void signsTheSpecificationsExampleAsItsReferenceLibrariesDo() {
    String signature =
        StandardWebhooks.withSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void theMessageIdIsStablePerRequestEventAndChannelAndDiffersOtherwise() {
    String id = StandardWebhooks.messageId("uid-1", NotificationEvent.AwaitingApproval, "ops");

    assertThat(StandardWebhooks.messageId("uid-1", NotificationEvent.AwaitingApproval, "ops"))
        .isEqualTo(id)
        .startsWith("msg_")
        .hasSize(36);
    assertThat(StandardWebhooks.messageId("uid-2", NotificationEvent.AwaitingApproval, "ops"))
        .isNotEqualTo(id);
    assertThat(StandardWebhooks.messageId("uid-1", NotificationEvent.Succeeded, "ops"))
        .isNotEqualTo(id);
    assertThat(StandardWebhooks.messageId("uid-1", NotificationEvent.AwaitingApproval, "team"))
        .isNotEqualTo(id);
  }

  @Test
  void refusesSecretsThatAreNotWhsecBase64WithoutRepeatingThem() {
    assertThatThrownBy(() -> StandardWebhooks.withSecret("hunter2-hunter2-hunter2-hunter2"))
        .hasMessage("the signing key does not start with whsec_");
    assertThatThrownBy(() -> StandardWebhooks.withSecret("whsec_not base64!!"))
        .hasMessage("the signing key after whsec_ is not valid base64");
    assertThatThrownBy(() -> StandardWebhooks.withSecret("whsec_c2hvcnQ="))
        .hasMessage("the signing key must decode to 24 to 64 bytes, not 5");
  }
}
