package dev.countersign.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratedNamesTest {
  private final GeneratedNames names = new GeneratedNames(new SplittableRandom(7));

  @Test
  void aNameIsThePrefixAndFiveCharactersOfKubernetesAlphabet() {
    assertThat(names.forPrefix("mcp-scale-", name -> false))
        .matches("mcp-scale-[bcdfghjklmnpqrstvwxz2456789]{5}");
  }

  @Test
  void aLongPrefixIsCutTo58CharactersSoTheNameFits63() {
    String name = names.forPrefix("p".repeat(70), n -> false);

    assertThat(name).hasSize(63).startsWith("p".repeat(58)).doesNotStartWith("p".repeat(59));
  }

  @Test
  void aTakenNameIsTriedAgainWithANewSuffix() {
    List<String> tried = new ArrayList<>();

    String name = names.forPrefix("web-", n -> tried.add(n) && tried.size() < 3);

    assertThat(tried).hasSize(3).doesNotHaveDuplicates();
    assertThat(name).isEqualTo(tried.get(2));
  }

  @Test
  void theEighthNameGoesToTheStoreWhichAnswersAlreadyExistsIfItIsTakenToo() {
    List<String> tried = new ArrayList<>();

    String name = names.forPrefix("web-", tried::add);

    assertThat(tried).hasSize(GeneratedNames.ATTEMPTS - 1);
    assertThat(name).startsWith("web-").isNotIn(tried);
  }
}
