package dev.countersign.testkit.apiserver;

import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Names for objects created with {@code metadata.generateName} and no name, as kube-apiserver makes
 * them before validation and admission ({@code rest.BeforeCreate} with the {@code
 * SimpleNameGenerator}): the prefix, cut to 58 characters, and five random characters from
 * Kubernetes' alphabet of lower-case consonants and digits that cannot be read as one another. With
 * the API server's RetryGenerateName feature it tries again with a new suffix when the name is
 * taken, eight attempts in all, before it answers AlreadyExists (without it, at the first); this
 * server does as the feature does. With 27^5 suffixes a collision is rare either way.
 *
 * <p>The store under the embedded server would name such an object {@code prefix-UUID}, and before
 * that it looked for an object of no name by testing every stored key, so a create by generateName
 * cost time in proportion to everything stored. The MCP door files that way: in its benchmark (a
 * few thousand requests stored, TLS) its create took a median 2.7-3.7 ms against 1.6-1.8 ms for the
 * same request by name; named here, 1.8 ms. A real server charges nothing for it.
 */
final class GeneratedNames {
  /** utilrand's alphabet: no vowels (no words) and no 0, 1 or 3 (no l, o or e look-alikes). */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private static final int RANDOM_LENGTH = 5;

  /** 63, the longest name many kinds allow, less the random part. */
  static final int MAX_PREFIX_LENGTH = 63 - RANDOM_LENGTH;

  /** The first try and seven more, as the API server makes them. */
  static final int ATTEMPTS = 8;

  private final RandomGenerator random;

  GeneratedNames(RandomGenerator random) {
    this.random = random;
  }

  /**
   * A name for {@code prefix}: the first that {@code taken} says is free, or after seven taken ones
   * the eighth, which the store tries as it is (and answers AlreadyExists if it is taken too, as
   * the API server does after its last try).
   */
  String forPrefix(String prefix, Predicate<String> taken) {
    String base =
        prefix.length() > MAX_PREFIX_LENGTH ? prefix.substring(0, MAX_PREFIX_LENGTH) : prefix;
    String name = base + suffix();
    for (int attempt = 1; attempt < ATTEMPTS && taken.test(name); attempt++) {
      name = base + suffix();
    }
    return name;
  }

  private String suffix() {
    char[] chars = new char[RANDOM_LENGTH];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }
}
