package dev.countersign.testkit.apiserver;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Go's encoding/json escapes, for writing JSON as kube-apiserver writes it: lower-case hex, and
 * {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped too ({@code \u003c} and so on).
 */
public final class GoEscapes extends CharacterEscapes {
  private final int[] asciiEscapes = standardAsciiEscapesForJSON();

  public GoEscapes() {
    for (int c = 0; c < 0x20; c++) {
      if (asciiEscapes[c] == ESCAPE_STANDARD && "\b\f\n\r\t".indexOf(c) < 0) {
        asciiEscapes[c] = ESCAPE_CUSTOM;
      }
    }
    asciiEscapes['<'] = ESCAPE_CUSTOM;
    asciiEscapes['>'] = ESCAPE_CUSTOM;
    asciiEscapes['&'] = ESCAPE_CUSTOM;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return asciiEscapes;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
      return new SerializedString(String.format("\\u%04x", ch));
    }
    return null;
  }
}
