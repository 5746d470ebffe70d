package dev.countersign.testkit.apiserver.validation;

/**
 * The API server's field error types: the cause {@code reason} and the text that leads a message.
 */
public enum ErrorType {
  NOT_FOUND("FieldValueNotFound", "Not found"),
  REQUIRED("FieldValueRequired", "Required value"),
  DUPLICATE("FieldValueDuplicate", "Duplicate value"),
  INVALID("FieldValueInvalid", "Invalid value"),
  NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
  FORBIDDEN("FieldValueForbidden", "Forbidden"),
  TOO_LONG("FieldValueTooLong", "Too long"),
  TOO_MANY("FieldValueTooMany", "Too many"),
  TOO_FEW("FieldValueTooFew", "Too few"),
  INTERNAL("InternalError", "Internal error"),
  TYPE_INVALID("FieldValueTypeInvalid", "Invalid value"),
  TOO_SHORT("FieldValueTooShort", "Too short");

  private final String reason;
  private final String text;

  ErrorType(String reason, String text) {
    this.reason = reason;
    this.text = text;
  }

  /** The cause type in a {@code Status}, e.g. {@code FieldValueInvalid}. */
  public String reason() {
    return reason;
  }

  /** The words a message starts with, e.g. {@code Invalid value}. */
  public String text() {
    return text;
  }

  /** Whether the message carries no value (Go's {@code ErrorBody} prints only the type). */
  boolean omitsValue() {
    return switch (this) {
      case REQUIRED, FORBIDDEN, TOO_LONG, TOO_SHORT, INTERNAL -> true;
      default -> false;
    };
  }
}
