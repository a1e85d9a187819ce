package dev.baton.process;

import static dev.baton.process.TestMeetings.json;
import static dev.baton.process.TestMeetings.line;
import static dev.baton.process.TestMeetings.minutes;
import static dev.baton.process.TestMeetings.resumed;
import static dev.baton.process.TestMeetings.spec;
import static dev.baton.process.TestMeetings.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.v1alpha1.MeetingSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BuiltInMeetingProcessSnapshotTest {

  private static final int DEFAULT_LIMIT = 64 * 1024;

  private final MeetingSpec spec = spec();
  private final BuiltInMeetingProcess process = started(spec);

  private void talk(BuiltInMeetingProcess target, long fromSeq, long toSeq, Instant now) {
    for (long seq = fromSeq; seq <= toSeq; seq++) {
      String speaker = seq % 3 == 0 ? "Guest" : "Host";
      target.handle(line(seq, speaker, "Point " + seq + ": the deadline, a blocker?"), now);
    }
  }

  @Test
  void aNewMeetingHasAMinimalSnapshot() {
    assertThat(json(process.snapshot()))
        .isEqualTo(
            "{\"version\":1,\"startedAt\":\"2025-03-03T09:00:00Z\",\"agendaReached\":0,"
                + "\"appliedSeq\":0,\"gaps\":[],\"segments\":0,\"speakers\":{},\"otherSpeakersWords\":0,"
                + "\"keywordHits\":{},\"lastLines\":[],\"hooksCalled\":[]}");
  }

  @Test
  void resumesMidMeetingToTheSameState() {
    talk(process, 1, 25, minutes(20));
    process.handle(new MeetingEvent.Tick(), minutes(20));
    process.hookCalled(Hook.ON_START);
    ObjectNode before = process.snapshot();

    BuiltInMeetingProcess next = resumed(spec, before, minutes(21));

    assertThat(json(next.snapshot())).isEqualTo(json(before));
    assertThat(next.snapshot()).isEqualTo(before);
    assertThat(next.appliedSeq()).isEqualTo(25);
    assertThat(json(next.query(minutes(22)))).isEqualTo(json(process.query(minutes(22))));
  }

  @Test
  void aResumedProcessCarriesOnAsIfNothingHappened() {
    talk(process, 1, 8, minutes(10));
    BuiltInMeetingProcess next = resumed(spec, process.snapshot(), minutes(11));

    for (BuiltInMeetingProcess either : List.of(process, next)) {
      talk(either, 7, 20, minutes(30));
      either.handle(new MeetingEvent.Tick(), minutes(30));
      either.end(minutes(75));
    }

    assertThat(json(next.snapshot())).isEqualTo(json(process.snapshot()));
    assertThat(json(next.end(minutes(99)))).isEqualTo(json(process.end(minutes(99))));
  }

  @Test
  void resumesAfterTheEndWithTheSameSummary() {
    talk(process, 1, 12, minutes(30));
    Object summary = process.end(minutes(65));
    ObjectNode before = process.snapshot();

    BuiltInMeetingProcess next = resumed(spec, before, minutes(80));

    assertThat(json(next.snapshot())).isEqualTo(json(before));
    assertThat(next.shouldEnd(minutes(80))).isTrue();
    assertThat(json(next.end(minutes(81)))).isEqualTo(json(summary));
    assertThat(next.handle(line(13, "Host", "hello?"), minutes(81)).outcome())
        .isEqualTo(EventResult.Outcome.ENDED);
  }

  @Test
  void theSnapshotDoesNotDependOnTheOrderOfItsFields() {
    talk(process, 1, 5, minutes(3));
    ObjectNode before = process.snapshot();

    // The API server may hand back objects with their fields in another order.
    ObjectNode shuffled = (ObjectNode) reversed(before);
    BuiltInMeetingProcess next = resumed(spec, shuffled, minutes(4));

    assertThat(json(shuffled)).isNotEqualTo(json(before));
    assertThat(json(next.snapshot())).isEqualTo(json(before));
  }

  @Test
  void refusesASnapshotItCannotRead() {
    ObjectNode future = process.snapshot().put("version", 2L);
    ObjectNode broken = process.snapshot();
    broken.remove("appliedSeq");
    ObjectNode badHook = process.snapshot();
    badHook.putArray("hooksCalled").add("onLunch");

    assertThatThrownBy(() -> resumed(spec, future, minutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> resumed(spec, broken, minutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'appliedSeq'");
    assertThatThrownBy(() -> resumed(spec, badHook, minutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("onLunch");
  }

  @Test
  void anEmptySnapshotStartsANewMeeting() {
    BuiltInMeetingProcess fresh = new BuiltInMeetingProcess();
    fresh.start(TestMeetings.context(spec), JsonNodeFactory.instance.objectNode(), minutes(5));

    assertThat(fresh.snapshot().get("startedAt").asText()).isEqualTo("2025-03-03T09:05:00Z");
  }

  @Test
  void staysUnderTheDefaultLimitInTheWorstCase() {
    // Each CJK character takes three bytes of UTF-8, the most a character of a kept string costs.
    MeetingSpec heavy = spec();
    List<String> keywords = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      keywords.add(cjk(i) + "会".repeat(63));
    }
    heavy.setKeywords(keywords);
    BuiltInMeetingProcess busy = started(heavy);

    String text = "議".repeat(400) + " " + String.join(" ", keywords);
    for (int seq = 1; seq <= 1000; seq++) {
      busy.handle(line(seq, cjk(seq) + "議".repeat(60), text), minutes(30));
    }
    busy.hookCalled(Hook.ON_START);
    busy.end(minutes(200));
    ObjectNode snapshot = busy.snapshot();

    assertThat(busy.stateSizeBytes()).isLessThan(DEFAULT_LIMIT).isGreaterThan(40_000);
    SnapshotCodec.requireWithin(snapshot, DEFAULT_LIMIT);
    assertThat(snapshot.get("speakers")).hasSize(200);
    assertThat(snapshot.get("keywordHits")).hasSize(50);
    assertThat(snapshot.get("otherSpeakersWords").asLong()).isEqualTo(800 * 61);
    assertThat(snapshot.get("lastLines")).hasSize(10);
  }

  private static String cjk(int index) {
    return String.valueOf((char) (0x4E00 + index));
  }

  @Test
  void keepsLinesWritableWhateverTheirCharacters() {
    process.handle(line(1, "Host\u0000", "broken \uD800 surrogate and \u0007 bell"), minutes(1));

    ObjectNode snapshot = process.snapshot();
    String text = snapshot.get("lastLines").get(0).get("text").asText();

    assertThat(text).isEqualTo("broken \uFFFD surrogate and bell");
    assertThat(SnapshotCodec.decode(SnapshotCodec.encode(snapshot))).isEqualTo(snapshot);
  }

  @Test
  void aSnapshotNeverShowsHalfAnEvent() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> broken = Collections.synchronizedList(new ArrayList<>());
    try {
      Future<?> writer = pool.submit(() -> writeMany(writing));
      List<Future<?>> readers =
          List.of(
              pool.submit(() -> check(writing, broken)), pool.submit(() -> check(writing, broken)));
      writer.get(30, TimeUnit.SECONDS);
      for (Future<?> reader : readers) {
        reader.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(broken).isEmpty();
    assertThat(process.appliedSeq()).isEqualTo(3000);
  }

  private void writeMany(AtomicBoolean writing) {
    for (long seq = 1; seq <= 3000; seq++) {
      process.handle(line(seq, "Host", "two words"), minutes(1));
    }
    writing.set(false);
  }

  // Each applied segment adds one segment and two words, so the three must always agree.
  private void check(AtomicBoolean writing, List<String> broken) {
    while (writing.get()) {
      JsonNode state = SnapshotCodec.decode(SnapshotCodec.encode(process.snapshot()));
      long seq = state.get("appliedSeq").asLong();
      long words = state.get("speakers").path("Host").asLong(0);
      if (state.get("segments").asLong() != seq || words != 2 * seq) {
        broken.add(state.toString());
      }
    }
  }

  private static JsonNode reversed(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      Collections.reverse(fields);
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      fields.forEach(field -> copy.set(field.getKey(), reversed(field.getValue())));
      return copy;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(item -> items.add(reversed(item)));
      return JsonNodeFactory.instance.arrayNode().addAll(items);
    }
    return node;
  }
}
