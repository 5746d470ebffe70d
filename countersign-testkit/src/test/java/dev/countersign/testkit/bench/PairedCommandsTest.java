package dev.countersign.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paired measure runs both commands, checks what they print and reports medians. */
class PairedCommandsTest {
  private static PairedCommands.Command shell(String label, String script) {
    return new PairedCommands.Command(
        label,
        List.of("sh", "-c", script),
        Map.of("PAIRED_WORD", "pending"),
        out -> out.contains("pending") ? null : "printed " + out.strip());
  }

  @Test
  void measuresBothCommandsAsManyTimesAndNamesThemInTheTable() throws Exception {
    List<PairedCommands.Figures> figures =
        PairedCommands.measure(
            shell("first", "echo $PAIRED_WORD"), shell("second", "echo $PAIRED_WORD"), 3);

    assertThat(figures)
        .extracting(PairedCommands.Figures::label)
        .containsExactly("first", "second");
    assertThat(figures).allSatisfy(f -> assertThat(f.runs()).isEqualTo(3));
    assertThat(figures).allSatisfy(f -> assertThat(f.wallMillis()).isNotNegative());
    if (PairedCommands.rusageAvailable()) {
      assertThat(figures).allSatisfy(f -> assertThat(f.peakRssKb()).isPositive());
    }
    assertThat(PairedCommands.table(figures))
        .startsWith("| command | median wall | median CPU | median peak RSS |")
        .contains("| first | ", "| second | ");
  }

  @Test
  void aCommandThatFailsOrPrintsTheWrongThingStopsTheMeasure() {
    assertThatThrownBy(() -> PairedCommands.run(shell("failing", "echo oops >&2; exit 3"), false))
        .hasMessage("failing exited 3: oops");
    assertThatThrownBy(() -> PairedCommands.run(shell("wrong", "echo nothing"), false))
        .hasMessage("wrong: printed nothing");
  }

  @Test
  void theMedianIsTheMiddleRun() {
    assertThat(PairedCommands.median(new long[] {9, 1, 5})).isEqualTo(5);
    assertThat(PairedCommands.median(new long[0])).isEqualTo(-1);
  }
}
