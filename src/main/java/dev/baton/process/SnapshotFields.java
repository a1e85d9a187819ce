package dev.baton.process;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads the fields of a snapshot, naming the field when one is missing or of the wrong type. */
final class SnapshotFields {

  private SnapshotFields() {}

  static long number(JsonNode node, String field) {
    return wholeNumber(node.get(field), field);
  }

  /** {@code value} as a long; {@code field} names it in the error. */
  static long wholeNumber(JsonNode value, String field) {
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw invalid(field, "a whole number");
    }
    return value.longValue();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw invalid(field, "a string");
    }
    return value.textValue();
  }

  static Instant instant(JsonNode node, String field) {
    try {
      return Instant.parse(text(node, field));
    } catch (DateTimeParseException e) {
      throw invalid(field, "an RFC 3339 time");
    }
  }

  static JsonNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw invalid(field, "an object");
    }
    return value;
  }

  static JsonNode array(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw invalid(field, "an array");
    }
    return value;
  }

  private static IllegalArgumentException invalid(String field, String expected) {
    return new IllegalArgumentException("snapshot field '" + field + "' must be " + expected);
  }
}
