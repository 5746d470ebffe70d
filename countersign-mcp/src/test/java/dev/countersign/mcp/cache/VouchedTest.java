package dev.countersign.mcp.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VouchedTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @Test
  void aYesIsRememberedForItsTimeAndThenForgotten() {
    Vouched<String, String> vouched = new Vouched<>(Duration.ofSeconds(10), 100, clock);
    vouched.remember("token", "alice");

    now.set(now.get().plusSeconds(9));
    assertThat(vouched.known("token")).contains("alice");

    now.set(now.get().plusSeconds(2));
    assertThat(vouched.known("token")).isEmpty();
  }

  @Test
  void whatWasNeverRememberedIsUnknown() {
    Vouched<String, String> vouched = new Vouched<>(Duration.ofSeconds(10), 100, clock);
    assertThat(vouched.known("token")).isEmpty();
  }
}
