package dev.countersign.cli.testfile;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads YAML into records strictly: an unknown field, a duplicate key, a value of the wrong type or
 * a document that is not YAML is an {@link InvalidFile} naming the file, the line and the field
 * path (e.g. {@code cases[2].expect.verdict}). Jackson does the parsing; this class only turns its
 * exceptions into one line for a person.
 */
public final class StrictYaml {
  static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private StrictYaml() {}

  /** The one document in {@code file}, as {@code type}. */
  public static <T> T read(Path file, Class<T> type) {
    List<T> documents = readAll(file, type);
    if (documents.size() != 1) {
      throw InvalidFile.at(
          file, "", "holds " + documents.size() + " YAML documents; expected exactly one");
    }
    return documents.get(0);
  }

  /** Every non-empty document in {@code file}, as {@code type}. */
  public static <T> List<T> readAll(Path file, Class<T> type) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw InvalidFile.at(file, "", "does not exist");
    } catch (IOException e) {
      throw InvalidFile.at(file, "", "could not be read: " + e.getMessage());
    }
    List<T> documents = new ArrayList<>();
    try (MappingIterator<T> it =
        MAPPER.readerFor(type).readValues(new YAMLFactory().createParser(text))) {
      while (it.hasNextValue()) {
        T value = it.nextValue();
        if (value != null) {
          documents.add(value);
        }
      }
    } catch (JsonProcessingException e) {
      throw problem(file, e);
    } catch (IOException | RuntimeException e) {
      throw problem(file, e);
    }
    return documents;
  }

  /** The exception in one line: file:line: field: what is wrong. */
  static InvalidFile problem(Path file, Exception e) {
    Throwable cause = e;
    // MappingIterator wraps what it meets in a RuntimeException.
    while (!(cause instanceof JsonProcessingException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (!(cause instanceof JsonProcessingException json)) {
      return InvalidFile.at(file, "", "could not be read: " + firstLine(e.getMessage()));
    }
    String where =
        json.getLocation() == null || json.getLocation().getLineNr() < 1
            ? file.toString()
            : file + ":" + json.getLocation().getLineNr();
    if (json instanceof JsonParseException || !(json instanceof JsonMappingException mapping)) {
      return InvalidFile.at(where, "", "not valid YAML: " + firstLine(json.getOriginalMessage()));
    }
    String field = path(mapping);
    String what =
        switch (mapping) {
          case UnrecognizedPropertyException unknown ->
              "unknown field"
                  + (unknown.getKnownPropertyIds() == null
                      ? ""
                      : " (known fields: "
                          + unknown.getKnownPropertyIds().stream()
                              .map(Object::toString)
                              .sorted()
                              .collect(Collectors.joining(", "))
                          + ")");
          case InvalidFormatException format when format.getTargetType().isEnum() ->
              "\""
                  + format.getValue()
                  + "\" is not one of "
                  + Arrays.toString(format.getTargetType().getEnumConstants());
          case InvalidFormatException format ->
              "\"" + format.getValue() + "\" is not a " + simple(format.getTargetType());
          default -> firstLine(mapping.getOriginalMessage());
        };
    return InvalidFile.at(where, field, what);
  }

  private static String simple(Class<?> type) {
    return type == null ? "value of the right type" : type.getSimpleName().toLowerCase();
  }

  /** {@code cases[2].expect.verdict}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unknown problem";
    }
    String line = message.strip().lines().findFirst().orElse("");
    // Jackson appends "(through reference chain: ...)" and source locations we already give.
    int chain = line.indexOf(" (through reference chain");
    return chain < 0 ? line : line.substring(0, chain);
  }
}
