package dev.countersign.testkit.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoFormatTest {

  @Test
  void printsFloatsLikeGosPercentV() {
    assertThat(GoFormat.value(1.5)).isEqualTo("1.5");
    assertThat(GoFormat.value(1.0)).isEqualTo("1");
    assertThat(GoFormat.value(100000.0)).isEqualTo("100000");
    assertThat(GoFormat.value(1e6)).isEqualTo("1e+06");
    assertThat(GoFormat.value(0.0001)).isEqualTo("0.0001");
    assertThat(GoFormat.value(0.00001)).isEqualTo("1e-05");
    assertThat(GoFormat.value(-2.5e-10)).isEqualTo("-2.5e-10");
  }

  @Test
  void encodesJsonLikeGosEncoder() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("z", 1e21);
    map.put("a", List.of(1e-7, 2.0, "<&>"));
    assertThat(GoFormat.json(map))
        .isEqualTo("{\"a\":[1e-7,2,\"\\u003c\\u0026\\u003e\"],\"z\":1e+21}");
  }

  @Test
  void quotesLikeStrconvQuote() {
    assertThat(GoFormat.quote("a\"b\\c\n\u0001ä")).isEqualTo("\"a\\\"b\\\\c\\n\\x01ä\"");
  }

  @Test
  void aStatusMessageListsSeveralErrorsInBracketsOnce() {
    FieldError a = FieldError.required(FieldPath.child(null, "spec"), "");
    FieldError b = FieldError.invalid(FieldPath.child(null, "x"), 1L, "bad");

    assertThat(InvalidStatus.message("example.com", "Thing", "t", List.of(a, b, a)))
        .isEqualTo(
            "Thing.example.com \"t\" is invalid: [spec: Required value, x: Invalid value: 1: bad]");
  }
}
