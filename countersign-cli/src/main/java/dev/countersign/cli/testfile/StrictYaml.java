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
 * a document that is not YAML is an {@link InvalidFile} naming the file and the field path (e.g.
 * {@code cases[2].expect.verdict}), or the line where the YAML stops making sense. Jackson does the
 * parsing; this class only turns its exceptions into one line for a person.
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
    if (json instanceof JsonParseException || !(json instanceof JsonMappingException mapping)) {
      return InvalidFile.at(
          at(file, json), "", "not valid YAML: " + firstLine(json.getOriginalMessage()));
    }
    if (mapping.getCause() instanceof JsonParseException syntax) {
      return InvalidFile.at(
          at(file, syntax), "", "not valid YAML: " + firstLine(syntax.getOriginalMessage()));
    }
    // No line number here: records are built once all their fields are read, so Jackson's
    // location is often past the field; the path names it exactly.
    String field = path(mapping);
    String what;
    if (mapping instanceof UnrecognizedPropertyException unknown) {
      what =
          "unknown field"
              + (unknown.getKnownPropertyIds() == null
                  ? ""
                  : " (known fields: "
                      + unknown.getKnownPropertyIds().stream()
                          .map(Object::toString)
                          .sorted()
                          .collect(Collectors.joining(", "))
                      + ")");
    } else if (mapping instanceof InvalidFormatException format
        && format.getTargetType() != null
        && format.getTargetType().isEnum()) {
      what =
          "\""
              + format.getValue()
              + "\" is not one of "
              + Arrays.toString(format.getTargetType().getEnumConstants());
    } else if (mapping instanceof InvalidFormatException format) {
      what = "\"" + format.getValue() + "\" is not " + expected(format.getTargetType());
    } else {
      what = firstLine(mapping.getOriginalMessage());
    }
    return InvalidFile.at(file, field, what);
  }

  /** {@code file:line} where the parser stopped. */
  private static String at(Path file, JsonProcessingException e) {
    return e.getLocation() == null || e.getLocation().getLineNr() < 1
        ? file.toString()
        : file + ":" + e.getLocation().getLineNr();
  }

  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    return "a value of the right type";
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
