package dev.baton.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

  private static ObjectNode sample() {
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.put("version", 1L).put("speaker", "Café \"C\" 李").put("big", 5_000_000_000L);
    state.putArray("lines").addObject().put("seq", 3L).put("text", "hello");
    return state;
  }

  @Test
  void encodesCompactlyAndDecodesToAnEqualTree() {
    ObjectNode state = sample();

    String json = SnapshotCodec.encodeToString(state);

    assertThat(json)
        .isEqualTo(
            "{\"version\":1,\"speaker\":\"Café \\\"C\\\" 李\",\"big\":5000000000,"
                + "\"lines\":[{\"seq\":3,\"text\":\"hello\"}]}");
    assertThat(SnapshotCodec.decode(json)).isEqualTo(state);
    assertThat(SnapshotCodec.decode(SnapshotCodec.encode(state))).isEqualTo(state);
  }

  @Test
  void sizeCountsUtf8Bytes() {
    ObjectNode state = JsonNodeFactory.instance.objectNode().put("t", "é李");

    // {"t":"é李"} is 8 ASCII bytes, 2 for é and 3 for 李.
    assertThat(SnapshotCodec.sizeOf(state)).isEqualTo(13);
    assertThat(SnapshotCodec.sizeOf(state))
        .isEqualTo(SnapshotCodec.encodeToString(state).getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void acceptsASnapshotAtTheBound() {
    ObjectNode state = sample();
    int size = SnapshotCodec.sizeOf(state);

    assertThat(SnapshotCodec.encode(state, size)).hasSize(size);
    SnapshotCodec.requireWithin(state, size);
  }

  @Test
  void refusesASnapshotOverTheBoundWithBothSizes() {
    ObjectNode state = JsonNodeFactory.instance.objectNode().put("text", "x".repeat(100));
    int size = SnapshotCodec.sizeOf(state);

    assertThatThrownBy(() -> SnapshotCodec.encode(state, size - 1))
        .isInstanceOfSatisfying(
            SnapshotTooLargeException.class,
            e -> {
              assertThat(e.sizeBytes()).isEqualTo(size);
              assertThat(e.maxBytes()).isEqualTo(size - 1);
            })
        .hasMessageContaining(size + " bytes")
        .hasMessageContaining("limit of " + (size - 1) + " bytes")
        .hasMessageContaining("baton.worker.max-snapshot-bytes");
    assertThatThrownBy(() -> SnapshotCodec.requireWithin(state, 10))
        .isInstanceOf(SnapshotTooLargeException.class);
  }

  @Test
  void refusesJsonThatIsNotAnObject() {
    assertThatThrownBy(() -> SnapshotCodec.decode("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a JSON object, found ARRAY");
    assertThatThrownBy(() -> SnapshotCodec.decode(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found nothing");
    assertThatThrownBy(() -> SnapshotCodec.decode("{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
  }
}
