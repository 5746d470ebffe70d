package dev.countersign.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** How tests say that the API server refused a call: its HTTP code and its exact words. */
public final class Refusals {
  private Refusals() {}

  /** The call fails with HTTP {@code code} and a Status saying exactly {@code message}. */
  public static void assertRefused(ThrowingCallable call, int code, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(code);
              assertThat(e.getStatus().getMessage()).isEqualTo(message);
            });
  }
}
