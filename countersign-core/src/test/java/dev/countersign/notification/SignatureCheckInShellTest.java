package dev.countersign.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three lines of shell docs/notifications.md (and the README) give for verifying a signature,
 * run as they are written, with openssl (which {@code .ci/run} installs), against a message this
 * code signed: they verify it, and refuse a tampered body and an old timestamp.
 */
class SignatureCheckInShellTest {
  private static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));

  @TempDir Path dir;

  @Test
  void theDocumentedShellLinesVerifyARealSignatureAndRefuseTamperingAndReplays() throws Exception {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    key[0] =
        0; // a NUL byte, which a shell variable cannot hold: the lines must pass the key in hex
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    byte[] body =
        "{\"schema\":\"countersign.dev/notification/v1\",\"data\":{\"note\":\"caf\u00e9 → 8\"}}"
            .getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    String id = "msg_0123456789abcdef";
    String signature = StandardWebhooks.withSecret(secret).sign(id, now, body);

    assertThat(run(secret, id, now, signature, body)).isEqualTo("verified");

    byte[] tampered =
        new String(body, StandardCharsets.UTF_8).replace("8", "9").getBytes(StandardCharsets.UTF_8);
    assertThat(run(secret, id, now, signature, tampered)).isEmpty();
    long old = now - 301;
    assertThat(run(secret, id, old, StandardWebhooks.withSecret(secret).sign(id, old, body), body))
        .isEmpty();
  }

  private String run(String secret, String id, long ts, String sig, byte[] body)
      throws IOException, InterruptedException {
    Files.write(dir.resolve("body.json"), body);
    ProcessBuilder shell =
        new ProcessBuilder("bash", "-c", documentedLines()).directory(dir.toFile());
    shell
        .environment()
        .putAll(Map.of("SECRET", secret, "ID", id, "TS", Long.toString(ts), "SIG", sig));
    shell.redirectErrorStream(true);
    Process process;
    try {
      process = shell.start();
    } catch (IOException e) {
      throw new AssertionError("bash is needed to run the documented lines", e);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    process.waitFor();
    assertThat(out)
        .as("openssl must be installed (.ci/run installs it)")
        .doesNotContain("openssl: command not found");
    return out;
  }

  private static String documentedLines() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/notifications.md"));
    String section =
        doc.substring(
            doc.indexOf("<!-- verify-signature:start -->"),
            doc.indexOf("<!-- verify-signature:end -->"));
    String lines = section.substring(section.indexOf("```sh\n") + 6, section.lastIndexOf("```"));
    assertThat(lines.strip().split("\n")).as("three lines").hasSize(3);
    return lines;
  }
}
