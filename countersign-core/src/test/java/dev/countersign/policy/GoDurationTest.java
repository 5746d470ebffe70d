package dev.countersign.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go-style durations as AgentPolicy's requestTTL takes them. */
class GoDurationTest {

  static Stream<Arguments> durations() {
    return Stream.of(
        arguments("30m", Duration.ofMinutes(30)),
        arguments("4h", Duration.ofHours(4)),
        arguments("1h30m", Duration.ofMinutes(90)),
        arguments("90s", Duration.ofSeconds(90)),
        arguments("1m30s500ms", Duration.ofMillis(90_500)),
        arguments("250us", Duration.ofNanos(250_000)),
        arguments("10ns", Duration.ofNanos(10)),
        arguments("0s", Duration.ZERO),
        arguments("30m1h", Duration.ofMinutes(90)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("durations")
  void parsesGoDurations(String text, Duration expected) {
    assertThat(GoDuration.parse(text)).contains(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"abc", "30", "h", "1.5h", "-1h", "1d", "1h 30m", "4H", "99999999999999999999h"})
  void rejectsWhatIsNotAGoDuration(String text) {
    assertThat(GoDuration.parse(text)).isEmpty();
  }
}
