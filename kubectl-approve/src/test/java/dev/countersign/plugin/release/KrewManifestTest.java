package dev.countersign.plugin.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What {@code approve.krew.yaml} says without building anything: a real sha256 and the JDK that
 * built its archive (KrewArchiveIT compares it with a fresh build), and the project's one homepage.
 */
class KrewManifestTest {
  private static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));

  @Test
  void theSha256IsARealOneAndSaysWhichJdkBuiltTheArchive() throws IOException {
    String manifest = Files.readString(ROOT.resolve(KrewRelease.MANIFEST));

    assertThat(KrewRelease.recordedSha256(manifest))
        .as("approve.krew.yaml's sha256 (make plugin-release writes it)")
        .matches("[0-9a-f]{64}")
        .isNotEqualTo("0".repeat(64));
    assertThat(KrewRelease.builtWith(manifest)).isGreaterThanOrEqualTo(21);
  }

  @Test
  void theManifestTheChartAndThePomNameOneHomepageAndTheArchiveIsAReleaseOfIt() throws IOException {
    String manifest = Files.readString(ROOT.resolve(KrewRelease.MANIFEST));
    String homepage =
        only(Files.readString(ROOT.resolve("helm/countersign/Chart.yaml")), "(?m)^home: (.*)$");

    assertThat(only(manifest, "(?m)^  homepage: (.*)$")).isEqualTo(homepage);
    assertThat(only(Files.readString(ROOT.resolve("pom.xml")), "(?m)^  <url>(.*)</url>$"))
        .isEqualTo(homepage);
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains(homepage);
    String version = only(manifest, "(?m)^  version: (.*)$");
    assertThat(only(manifest, "(?m)^ +uri: (.*)$"))
        .isEqualTo(
            homepage + "/releases/download/" + version + "/" + KrewRelease.archiveName(manifest));
  }

  /** The first group of the one match of regex in text. */
  private static String only(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as("a line matching %s", regex).isTrue();
    String found = matcher.group(1);
    assertThat(matcher.find()).as("only one line matching %s", regex).isFalse();
    return found;
  }
}
