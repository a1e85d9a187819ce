package dev.baton.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.v1alpha1.AgendaItem;
import dev.baton.api.v1alpha1.HooksSpec;
import dev.baton.api.v1alpha1.MeetingSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A sample meeting and helpers shared by the process tests. */
final class TestMeetings {

  static final Instant START = Instant.parse("2025-03-03T09:00:00Z");
  static final String UID = "6f1c2e1a-0000-4000-8000-000000000001";
  static final String START_URL = "http://hooks.example.test/meeting-started";
  static final String END_URL = "http://hooks.example.test/meeting-ended";

  private TestMeetings() {}

  /** Two items (15 + 45 minutes), three keywords, a 1h30m limit and both hooks. */
  static MeetingSpec spec() {
    MeetingSpec spec = new MeetingSpec();
    spec.setTitle("Weekly planning");
    spec.setAgenda(List.of(new AgendaItem("Metrics review", 15), new AgendaItem("Roadmap", 45)));
    spec.setKeywords(List.of("Deadline", "blocker", "go live"));
    spec.setMaxDuration("1h30m");
    spec.setHooks(new HooksSpec(START_URL, END_URL));
    return spec;
  }

  static MeetingContext context(MeetingSpec spec) {
    return new MeetingContext("team-a", "weekly-planning", UID, spec);
  }

  static BuiltInMeetingProcess started(MeetingSpec spec) {
    BuiltInMeetingProcess process = new BuiltInMeetingProcess();
    process.start(context(spec), null, START);
    return process;
  }

  /** A new process resumed from {@code snapshot} after it went through JSON text, as in status. */
  static BuiltInMeetingProcess resumed(MeetingSpec spec, ObjectNode snapshot, Instant now) {
    BuiltInMeetingProcess process = new BuiltInMeetingProcess();
    String stored = SnapshotCodec.encodeToString(snapshot);
    process.start(context(spec), SnapshotCodec.decode(stored), now);
    return process;
  }

  static Instant minutes(long minutes) {
    return START.plus(Duration.ofMinutes(minutes));
  }

  static Instant seconds(long seconds) {
    return START.plusSeconds(seconds);
  }

  static MeetingEvent.Transcript line(long seq, String speaker, String text) {
    return new MeetingEvent.Transcript(seq, speaker, text);
  }

  static String json(ObjectNode node) {
    return SnapshotCodec.encodeToString(node);
  }

  static String json(Object value) {
    return SnapshotCodec.encodeToString(SnapshotCodec.MAPPER.valueToTree(value));
  }
}
