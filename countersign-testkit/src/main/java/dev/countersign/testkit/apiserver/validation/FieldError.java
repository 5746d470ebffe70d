package dev.countersign.testkit.apiserver.validation;

import java.util.List;
import java.util.Map;

/**
 * One field error, worded like {@code field.Error}: {@link #field()} is the path ({@code <nil>} for
 * the object itself), {@link #message()} the cause message ({@code ErrorBody}), and {@link
 * #toString()} the line in the {@code Status} message ({@code field: message}).
 *
 * @param type the error type, whose {@code reason()} is the cause's reason
 * @param field the field path as the API server renders it
 * @param badValue the offending value, printed per Go's rules; {@link #OMIT} prints none
 * @param detail the explanation after the value; may be empty
 */
public record FieldError(ErrorType type, String field, Object badValue, String detail) {
  /** Go's {@code field.OmitValueType{}}: a value that is not printed. */
  public static final Object OMIT =
      new Object() {
        @Override
        public String toString() {
          return "<omitted>";
        }
      };

  static FieldError invalid(FieldPath path, Object value, String detail) {
    return new FieldError(ErrorType.INVALID, FieldPath.render(path), value, detail);
  }

  static FieldError typeInvalid(FieldPath path, Object value, String detail) {
    return new FieldError(ErrorType.TYPE_INVALID, FieldPath.render(path), value, detail);
  }

  static FieldError required(FieldPath path, String detail) {
    return new FieldError(ErrorType.REQUIRED, FieldPath.render(path), "", detail);
  }

  static FieldError forbidden(FieldPath path, String detail) {
    return new FieldError(ErrorType.FORBIDDEN, FieldPath.render(path), "", detail);
  }

  static FieldError duplicate(FieldPath path, Object value) {
    return new FieldError(ErrorType.DUPLICATE, FieldPath.render(path), value, "");
  }

  static FieldError tooLong(FieldPath path, long maxLength) {
    String detail =
        maxLength >= 0
            ? "may not be more than " + maxLength + (maxLength == 1 ? " byte" : " bytes")
            : "value is too long";
    return new FieldError(ErrorType.TOO_LONG, FieldPath.render(path), "<value omitted>", detail);
  }

  static FieldError tooMany(FieldPath path, long actual, long max) {
    String detail =
        max >= 0
            ? "must have at most " + max + (max == 1 ? " item" : " items")
            : "has too many items";
    return new FieldError(
        ErrorType.TOO_MANY, FieldPath.render(path), actual >= 0 ? (Object) actual : OMIT, detail);
  }

  static FieldError notSupported(FieldPath path, Object value, List<?> validValues) {
    StringBuilder detail = new StringBuilder();
    if (!validValues.isEmpty()) {
      detail.append("supported values: ");
      for (int i = 0; i < validValues.size(); i++) {
        Object v = validValues.get(i);
        String text = v instanceof String s ? s : GoFormat.json(v);
        detail.append(i > 0 ? ", " : "").append(GoFormat.quote(text));
      }
    }
    return new FieldError(
        ErrorType.NOT_SUPPORTED, FieldPath.render(path), value, detail.toString());
  }

  /** {@code field.Error.ErrorBody()}: the message of the cause. */
  public String message() {
    String s;
    if (type.omitsValue() || badValue == OMIT) {
      s = type.text();
    } else if (badValue instanceof Long
        || badValue instanceof Integer
        || badValue instanceof Double
        || badValue instanceof Boolean) {
      s = type.text() + ": " + GoFormat.value(badValue);
    } else if (badValue instanceof String str) {
      s = type.text() + ": " + GoFormat.quote(str);
    } else if (badValue == null || badValue instanceof Map<?, ?> || badValue instanceof List<?>) {
      s = type.text() + ": " + GoFormat.json(badValue);
    } else {
      s = type.text() + ": " + badValue;
    }
    return detail.isEmpty() ? s : s + ": " + detail;
  }

  /** {@code field.Error.Error()}: {@code field: message}. */
  @Override
  public String toString() {
    return field + ": " + message();
  }
}
