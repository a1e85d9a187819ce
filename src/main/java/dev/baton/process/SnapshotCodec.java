package dev.baton.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Writes process snapshots as compact JSON, reads them back, and measures them against a bound. */
public final class SnapshotCodec {

  // Whole numbers read back as longs, so decode(encode(s)) equals s for states written with longs.
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

  private SnapshotCodec() {}

  /**
   * The snapshot as compact UTF-8 JSON.
   *
   * @throws IllegalArgumentException if it cannot be written as JSON
   */
  public static byte[] encode(ObjectNode snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    try {
      return MAPPER.writeValueAsBytes(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "snapshot cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The snapshot as compact UTF-8 JSON, refused when it is larger than {@code maxBytes}.
   *
   * @throws SnapshotTooLargeException if the JSON is longer than {@code maxBytes}
   */
  public static byte[] encode(ObjectNode snapshot, int maxBytes) {
    byte[] json = encode(snapshot);
    if (json.length > maxBytes) {
      throw new SnapshotTooLargeException(json.length, maxBytes);
    }
    return json;
  }

  /** The snapshot as a compact JSON string. */
  public static String encodeToString(ObjectNode snapshot) {
    return new String(encode(snapshot), StandardCharsets.UTF_8);
  }

  /**
   * Reads a snapshot written by {@link #encode}.
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object
   */
  public static ObjectNode decode(byte[] json) {
    Objects.requireNonNull(json, "json");
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("snapshot is not valid JSON: " + e.getMessage(), e);
    }
    if (node instanceof ObjectNode object) {
      return object;
    }
    String found = node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString();
    throw new IllegalArgumentException("snapshot must be a JSON object, found " + found);
  }

  /** Reads a snapshot from a JSON string; see {@link #decode(byte[])}. */
  public static ObjectNode decode(String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Size of the snapshot in bytes, as compact UTF-8 JSON. */
  public static int sizeOf(ObjectNode snapshot) {
    return encode(snapshot).length;
  }

  /**
   * Checks the snapshot against a bound without keeping its encoding.
   *
   * @throws SnapshotTooLargeException if the JSON is longer than {@code maxBytes}
   */
  public static void requireWithin(ObjectNode snapshot, int maxBytes) {
    encode(snapshot, maxBytes);
  }
}
