package dev.countersign.cli.testfile;

/**
 * A file that could not be read or is invalid, in one line that names the file and the field: the
 * CLI prints it and exits 2. Never carries a stack trace to the user.
 */
public final class InvalidFile extends RuntimeException {
  public InvalidFile(String message) {
    super(message, null, false, false);
  }

  /** {@code FILE: FIELD: problem}, or {@code FILE: problem} when the field is empty. */
  public static InvalidFile at(Object file, String field, String problem) {
    return new InvalidFile(
        file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
  }
}
