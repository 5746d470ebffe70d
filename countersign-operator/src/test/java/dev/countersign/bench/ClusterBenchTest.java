package dev.countersign.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code make bench-cluster} refuses what it should before it touches any cluster. */
class ClusterBenchTest {
  @Test
  void onlyThisMachineCountsAsLocal() {
    assertThat(ClusterBench.isLocal("127.0.0.1")).isTrue();
    assertThat(ClusterBench.isLocal("localhost")).isTrue();
    assertThat(ClusterBench.isLocal("::1")).isTrue();
    assertThat(ClusterBench.isLocal("10.0.0.1")).isFalse();
    assertThat(ClusterBench.isLocal("prod.example.invalid")).isFalse();
    assertThat(ClusterBench.isLocal(null)).isFalse();
  }

  @Test
  void argumentsAreBoundedAndUnknownOnesNamed() {
    var settings =
        ClusterBench.Settings.parse(
            new String[] {"--yes-this-cluster", "--count", "200", "--rates", "5, 50"});
    assertThat(settings.yes()).isTrue();
    assertThat(settings.count()).isEqualTo(200);
    assertThat(settings.rates()).isEqualTo(List.of(5, 50));
    assertThat(ClusterBench.Settings.parse(new String[0]).yes()).isFalse();
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--count", "100000"}))
        .hasMessage("--count must be between 1 and 5000, not 100000");
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--rates", "fast"}))
        .hasMessage("--rates must be a number, not fast");
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--yes"}))
        .hasMessageStartingWith("unknown argument --yes");
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--count"}))
        .hasMessage("--count needs a value");
  }

  @Test
  void thePolicyGovernsTheCallerWhoeverItIs() {
    assertThat(ClusterBench.policy("ns", "alice").getSpec().subjects().users())
        .containsExactly("alice");
    var sa = ClusterBench.policy("ns", "system:serviceaccount:ci:bench").getSpec().subjects();
    assertThat(sa.serviceAccounts())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.namespace()).isEqualTo("ci");
              assertThat(ref.name()).isEqualTo("bench");
            });
  }
}
