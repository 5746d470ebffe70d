package dev.countersign.testkit.apiserver.validation;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The string formats the API server checks in CRD schemas (kube-openapi's {@code strfmt.Default}
 * restricted to what apiextensions-apiserver keeps). Formats it does not know are stripped by the
 * API server and never checked; formats it checks but this class does not implement make the
 * validator's construction fail.
 */
final class Formats {
  /** The formats apiextensions-apiserver keeps, normalized without dashes. */
  private static final Set<String> KNOWN =
      Set.of(
          "bsonobjectid",
          "uri",
          "email",
          "hostname",
          "ipv4",
          "ipv6",
          "cidr",
          "mac",
          "uuid",
          "uuid3",
          "uuid4",
          "uuid5",
          "isbn",
          "isbn10",
          "isbn13",
          "creditcard",
          "ssn",
          "hexcolor",
          "rgbcolor",
          "byte",
          "password",
          "date",
          "duration",
          "datetime",
          "k8sshortname",
          "k8slongname");

  private static final String SHORT_NAME = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern SHORT_NAME_RX = Pattern.compile("^" + SHORT_NAME + "$");
  private static final Pattern LONG_NAME_RX =
      Pattern.compile("^" + SHORT_NAME + "(\\." + SHORT_NAME + ")*$");
  private static final Pattern DATE_TIME_RX =
      Pattern.compile("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");
  private static final Pattern DATE_RX = Pattern.compile("^([0-9]{4})-([0-9]{2})-([0-9]{2})$");
  private static final Pattern BASE64_RX =
      Pattern.compile(
          "^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{2}==|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{4})$");
  private static final Pattern HOSTNAME_RX =
      Pattern.compile(
          "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}]"
              + "(([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}"
              + "([a-zA-Z\\p{L}]){2,63})$");
  private static final Pattern BSON_RX = Pattern.compile("^[0-9a-fA-F]{24}$");

  private static final Map<String, Predicate<String>> CHECKS =
      Map.ofEntries(
          Map.entry("datetime", Formats::isDateTime),
          Map.entry("date", Formats::isDate),
          Map.entry("byte", s -> BASE64_RX.matcher(s).matches()),
          Map.entry("password", s -> true),
          Map.entry("uuid", uuid("[0-9a-f]{4}", "[0-9a-f]{4}")),
          Map.entry("uuid3", uuid("3[0-9a-f]{3}", "[0-9a-f]{4}")),
          Map.entry("uuid4", uuid("4[0-9a-f]{3}", "[89ab][0-9a-f]{3}")),
          Map.entry("uuid5", uuid("5[0-9a-f]{3}", "[89ab][0-9a-f]{3}")),
          Map.entry("hostname", Formats::isHostname),
          Map.entry("bsonobjectid", s -> BSON_RX.matcher(s).matches()),
          Map.entry("k8sshortname", s -> s.length() <= 63 && SHORT_NAME_RX.matcher(s).matches()),
          Map.entry("k8slongname", s -> s.length() <= 253 && LONG_NAME_RX.matcher(s).matches()));

  private Formats() {}

  /** Whether the API server checks this format (and so keeps it in the schema). */
  static boolean isKnown(String format) {
    return KNOWN.contains(normalize(format));
  }

  /** Whether this class can check a format the API server checks. */
  static boolean isImplemented(String format) {
    return CHECKS.containsKey(normalize(format));
  }

  /** Whether the string is valid for the (known, implemented) format. */
  static boolean isValid(String format, String value) {
    Predicate<String> check = CHECKS.get(normalize(format));
    if (check == null) {
      throw new UnsupportedOperationException("format " + format + " is not implemented");
    }
    return check.test(value);
  }

  private static String normalize(String format) {
    return format.replace("-", "");
  }

  private static Predicate<String> uuid(String third, String fourth) {
    Pattern rx =
        Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?" + third + "-?" + fourth + "-?[0-9a-f]{12}$");
    return s -> rx.matcher(s).matches();
  }

  /** strfmt's {@code IsDateTime}. */
  static boolean isDateTime(String str) {
    if (str.length() < 4) {
      return false;
    }
    String[] s = str.toLowerCase(Locale.ROOT).split("t", -1);
    if (s.length < 2 || !isDate(s[0])) {
      return false;
    }
    Matcher m = DATE_TIME_RX.matcher(s[1]);
    if (!m.find()) {
      return false;
    }
    return m.group(1).compareTo("23") <= 0
        && m.group(2).compareTo("59") <= 0
        && m.group(3).compareTo("59") <= 0;
  }

  /** Go's {@code time.Parse("2006-01-02", s)} succeeds. */
  static boolean isDate(String s) {
    Matcher m = DATE_RX.matcher(s);
    if (!m.matches()) {
      return false;
    }
    try {
      LocalDate.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static boolean isHostname(String str) {
    if (!HOSTNAME_RX.matcher(str).matches() || str.length() > 255) {
      return false;
    }
    for (String part : str.split("\\.", -1)) {
      if (part.length() > 63) {
        return false;
      }
    }
    return true;
  }
}
