package dev.countersign.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * Equal short strings the client reads from the API server, shared instead of copied.
 *
 * <p>The informer caches every ActionRequest, and most of their strings are the same few values
 * over and over: condition types, statuses and reasons, phases, kinds, the agent's name, the
 * namespace, policy names, timestamps of the same second. A heap histogram with 10,000 requests
 * cached ({@code LoadBench -Dbench.histogram=true}) held 523,553 String objects, 52 a request, 12.6
 * MB of the 48 MB live; the JVM's string deduplication shares their bytes but not the objects.
 * {@link String#intern()} would keep every name and uid ever read, for the life of the JVM.
 *
 * <p>The client's mapper reads through it, and so do the mappers that turn an ActionRequest's spec
 * and status from JSON trees into records ({@link UnreadableParts}): one table for the process.
 *
 * <p>The table is bounded: a fixed number of slots, a string's hash picks its slot, and a new value
 * simply takes the slot over. A value seen again while it holds its slot is handed out shared,
 * without a new String being made from the parser's characters; a value that lost its slot is only
 * copied once more. Nothing is ever wrong, at worst not shared. Reads and writes of the slots are
 * deliberately unsynchronized: a String is immutable and safely published through a race (its
 * fields are final), so the worst a race does is miss a share.
 *
 * <p>Jackson, Guava and the JDK offer interners, all unbounded or weak-reference based (a reference
 * object per entry, more than the String it saves); Jackson's own {@code InternCache} is for
 * property names. None shares values straight from the parser's buffer.
 */
public final class SharedStrings {
  /** Slots in the table: 16 KB of references, for a few hundred values in common use. */
  static final int SLOTS = 4096;

  /** Longer values (messages, explanations) are seldom equal; their bytes are deduplicated. */
  static final int MAX_LENGTH = 128;

  private static final SharedStrings PROCESS = new SharedStrings();

  private final String[] slots = new String[SLOTS];

  /** A Jackson module that reads every JSON string value through the process's table. */
  public static SimpleModule module() {
    return new SimpleModule("countersign-shared-strings")
        .addDeserializer(String.class, new Reader(PROCESS));
  }

  /** The shared copy of {@code value}: the one held, if equal, or {@code value} itself. */
  String share(String value) {
    if (value.length() > MAX_LENGTH) {
      return value;
    }
    int hash = value.hashCode();
    String held = held(hash);
    return held != null && held.equals(value) ? held : hold(hash, value);
  }

  /** The shared copy of {@code length} characters of {@code chars} from {@code offset}. */
  String share(char[] chars, int offset, int length) {
    if (length > MAX_LENGTH) {
      return new String(chars, offset, length);
    }
    int hash = 0;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + chars[i];
    }
    String held = held(hash);
    return held != null && sameChars(held, chars, offset, length)
        ? held
        : hold(hash, new String(chars, offset, length));
  }

  /** The value in the slot of {@code hash}, if it has that hash. */
  private String held(int hash) {
    String held = slots[slot(hash)];
    return held != null && held.hashCode() == hash ? held : null;
  }

  private String hold(int hash, String value) {
    slots[slot(hash)] = value;
    return value;
  }

  private static int slot(int hash) {
    return (hash ^ (hash >>> 16)) & (SLOTS - 1);
  }

  private static boolean sameChars(String held, char[] chars, int offset, int length) {
    if (held.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (held.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Jackson's own reading of a String, with JSON strings taken from the table: straight from the
   * parser's characters when it reads text, as the String a JSON tree holds when it walks one.
   * Everything else a String property may hold (a number, a boolean, an embedded object) is read as
   * Jackson reads it, under the mapper's own rules.
   */
  private static final class Reader extends StdScalarDeserializer<String> {
    private final transient SharedStrings table;

    Reader(SharedStrings table) {
      super(String.class);
      this.table = table;
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.hasToken(JsonToken.VALUE_STRING)) {
        return parser.hasTextCharacters()
            ? table.share(
                parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())
            : table.share(parser.getText());
      }
      return StringDeserializer.instance.deserialize(parser, context);
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Textual;
    }

    @Override
    public Object getEmptyValue(DeserializationContext context) {
      return "";
    }

    @Override
    public boolean isCachable() {
      return true;
    }
  }
}
