package dev.countersign.notification;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (standardwebhooks.com, spec 1.0): {@code webhook-signature} is
 * {@code v1,} followed by the base64 HMAC-SHA256 of {@code id.timestamp.body}, keyed with the
 * secret, which is {@code whsec_} followed by the key in base64. Written here on the JDK's own HMAC
 * (a dozen lines) rather than with the Standard Webhooks Java library, which is not published to
 * Maven Central under a stable coordinate and would bring its own JSON stack.
 */
public final class StandardWebhooks {
  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";
  public static final String SECRET_PREFIX = "whsec_";

  private final byte[] key;

  private StandardWebhooks(byte[] key) {
    this.key = key;
  }

  /**
   * A signer with the secret {@code whsec_<base64>}. Throws IllegalArgumentException with a message
   * fit for a status condition (never containing the secret) when it is not of that form.
   */
  public static StandardWebhooks withSecret(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("the signing key does not start with " + SECRET_PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()).trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the signing key after " + SECRET_PREFIX + " is not valid base64");
    }
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException(
          "the signing key must decode to 24 to 64 bytes, not " + key.length);
    }
    return new StandardWebhooks(key);
  }

  /** {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}. */
  public String sign(String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  /**
   * The stable id of one notification: the same for every attempt and every operator replica, for
   * the (request uid, event, channel) triple, so receivers de-duplicate on {@code webhook-id}.
   */
  public static String messageId(String requestUid, NotificationEvent event, String channel) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (requestUid + "\n" + event.name() + "\n" + channel)
                      .getBytes(StandardCharsets.UTF_8));
      return "msg_" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
