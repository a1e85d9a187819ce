package dev.baton.process;

import static dev.baton.process.TestMeetings.START;
import static dev.baton.process.TestMeetings.line;
import static dev.baton.process.TestMeetings.minutes;
import static dev.baton.process.TestMeetings.seconds;
import static dev.baton.process.TestMeetings.spec;
import static dev.baton.process.TestMeetings.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.api.v1alpha1.MeetingSpec;
import dev.baton.api.v1alpha1.MeetingSummary;
import dev.baton.process.EventResult.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInMeetingProcessTest {

  private final MeetingSpec spec = spec();
  private final BuiltInMeetingProcess process = started(spec);

  private Outcome say(long seq, String speaker, String text) {
    return process.handle(line(seq, speaker, text), minutes(1)).outcome();
  }

  private JsonNode agendaAt(Instant now) {
    return process.query(now).get("agenda");
  }

  @Test
  void followsTheAgendaAgainstMeetingTime() {
    assertThat(agendaAt(START).get("current").get("title").asText()).isEqualTo("Metrics review");
    assertThat(agendaAt(START).get("current").get("secondsLeft").asLong()).isEqualTo(900);
    assertThat(agendaAt(seconds(899)).get("current").get("secondsLeft").asLong()).isEqualTo(1);
    assertThat(agendaAt(minutes(15)).get("current").get("index").asLong()).isEqualTo(1);
    assertThat(agendaAt(minutes(15)).get("current").get("title").asText()).isEqualTo("Roadmap");
    assertThat(agendaAt(seconds(3570)).get("current").get("secondsLeft").asLong()).isEqualTo(30);
    assertThat(agendaAt(minutes(40)).get("overrunSeconds").asLong()).isZero();
  }

  @Test
  void countsOverrunAfterTheLastItemUntilMaxDuration() {
    assertThat(agendaAt(minutes(60)).get("current").isNull()).isTrue();
    assertThat(agendaAt(minutes(60)).get("overrunSeconds").asLong()).isZero();
    assertThat(agendaAt(minutes(75)).get("overrunSeconds").asLong()).isEqualTo(900);
    // Meeting time stops at maxDuration (1h30m), even if the process is asked later.
    assertThat(agendaAt(minutes(120)).get("overrunSeconds").asLong()).isEqualTo(1800);
    assertThat(agendaAt(minutes(120)).get("elapsedSeconds").asLong()).isEqualTo(5400);
  }

  @Test
  void aClockBehindTheStartSeesTheFirstItem() {
    assertThat(agendaAt(START.minusSeconds(30)).get("elapsedSeconds").asLong()).isZero();
    assertThat(agendaAt(START.minusSeconds(30)).get("current").get("index").asLong()).isZero();
  }

  @Test
  void ticksReportEachNewAgendaItemOnce() {
    assertThat(process.handle(new MeetingEvent.Tick(), minutes(5)).outcome())
        .isEqualTo(Outcome.UNCHANGED);
    assertThat(process.handle(new MeetingEvent.Tick(), minutes(16)).outcome())
        .isEqualTo(Outcome.AGENDA_ADVANCED);
    assertThat(process.handle(new MeetingEvent.Tick(), minutes(17)).outcome())
        .isEqualTo(Outcome.UNCHANGED);
    assertThat(process.handle(new MeetingEvent.Tick(), minutes(61)).outcome())
        .isEqualTo(Outcome.AGENDA_ADVANCED);
    assertThat(process.handle(new MeetingEvent.Tick(), minutes(62)).outcome())
        .isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void countsWordsPerSpeaker() {
    say(1, "Host", "Let's review the metrics first.");
    say(2, "Guest", "Sounds good -- two items remain");
    say(3, "Host", "OK.");
    say(4, "Guest", " ... ");

    JsonNode view = process.query(minutes(2));
    assertThat(view.get("speakers").get("Host").asLong()).isEqualTo(6);
    assertThat(view.get("speakers").get("Guest").asLong()).isEqualTo(5);
    assertThat(view.get("segments").asLong()).isEqualTo(4);
    assertThat(view.get("appliedSeq").asLong()).isEqualTo(4);
  }

  @Test
  void countsKeywordsCaseInsensitivelyAsWholeWordsAndPhrases() {
    say(
        1,
        "Host",
        "The DEADLINE is firm; deadlines move. Blocker? blocker! No blockers, no unblocker.");
    say(2, "Guest", "We GO   live, go-live... go\nlive; going live, golive.");

    JsonNode hits = process.query(minutes(2)).get("keywordHits");
    assertThat(hits.get("Deadline").asLong()).isEqualTo(1);
    assertThat(hits.get("blocker").asLong()).isEqualTo(2);
    assertThat(hits.get("go live").asLong()).isEqualTo(3);
  }

  @Test
  void countsAKeywordAddedMidMeetingFromThenOn() {
    say(1, "Host", "launch the launch");
    MeetingSpec changed = spec();
    changed.setKeywords(List.of("launch"));

    EventResult result = process.handle(new MeetingEvent.SpecChanged(changed), minutes(2));
    say(2, "Host", "Launch!");

    assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
    JsonNode hits = process.query(minutes(2)).get("keywordHits");
    assertThat(hits.get("launch").asLong()).isEqualTo(1);
    assertThat(hits.has("blocker")).isFalse();
  }

  @Test
  void appliesEachSeqOnceAndFillsGapsLater() {
    assertThat(say(1, "Host", "one two")).isEqualTo(Outcome.APPLIED);
    assertThat(say(2, "Host", "three")).isEqualTo(Outcome.APPLIED);
    assertThat(say(2, "Host", "three")).isEqualTo(Outcome.DUPLICATE);
    assertThat(say(5, "Host", "four")).isEqualTo(Outcome.APPLIED);
    // Seq 4 was skipped; arriving after 5 (a resend after a crash, say) it fills the gap once.
    assertThat(say(4, "Host", "late words here")).isEqualTo(Outcome.APPLIED);
    assertThat(say(4, "Host", "late words here")).isEqualTo(Outcome.DUPLICATE);
    assertThat(say(1, "Host", "one two")).isEqualTo(Outcome.DUPLICATE);
    assertThat(say(3, "Host", "five")).isEqualTo(Outcome.APPLIED);

    assertThat(process.appliedSeq()).isEqualTo(5);
    assertThat(process.query(minutes(2)).get("speakers").get("Host").asLong()).isEqualTo(8);
    assertThat(process.query(minutes(2)).get("segments").asLong()).isEqualTo(5);
  }

  @Test
  void filledGapsSurviveASnapshot() {
    say(1, "Host", "one");
    say(4, "Host", "four");
    BuiltInMeetingProcess resumed = new BuiltInMeetingProcess();
    resumed.start(TestMeetings.context(spec), process.snapshot(), minutes(3));

    assertThat(resumed.handle(line(3, "Host", "three"), minutes(3)).outcome())
        .isEqualTo(Outcome.APPLIED);
    assertThat(resumed.handle(line(3, "Host", "three"), minutes(3)).outcome())
        .isEqualTo(Outcome.DUPLICATE);
    assertThat(resumed.snapshot().get("gaps").toString()).isEqualTo("[[2,2]]");
  }

  @Test
  void aDuplicateLeavesTheSnapshotAsItWas() {
    say(1, "Host", "deadline blocker");
    String before = TestMeetings.json(process.snapshot());

    EventResult again = process.handle(line(1, "Host", "deadline blocker"), minutes(3));

    assertThat(again).isEqualTo(new EventResult(Outcome.DUPLICATE, 1));
    assertThat(TestMeetings.json(process.snapshot())).isEqualTo(before);
  }

  @Test
  void refusesASeqBelowOne() {
    assertThatThrownBy(() -> say(0, "Host", "hi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seq must be 1 or more");
  }

  @Test
  void keepsTheLastTenLinesCleanedAndCut() {
    for (int seq = 1; seq <= 15; seq++) {
      say(seq, "Host", "line " + seq);
    }
    say(16, "Guest\nBot", "x".repeat(1000));

    JsonNode lines = process.query(minutes(2)).get("lastLines");
    assertThat(lines).hasSize(10);
    assertThat(lines.get(0).get("seq").asLong()).isEqualTo(7);
    JsonNode last = lines.get(9);
    assertThat(last.get("speaker").asText()).isEqualTo("Guest Bot");
    assertThat(last.get("text").asText()).hasSize(280).endsWith("…");
  }

  @Test
  void countsSpeakersBeyondTheLimitTogether() {
    for (int i = 1; i <= 250; i++) {
      say(i, "speaker-" + i, "two words");
    }
    say(251, "speaker-1", "and three more");

    JsonNode view = process.query(minutes(2));
    assertThat(view.get("speakers")).hasSize(200);
    assertThat(view.get("speakers").get("speaker-1").asLong()).isEqualTo(5);
    assertThat(view.get("otherSpeakersWords").asLong()).isEqualTo(100);
  }

  @Test
  void anUnnamedSpeakerIsCountedAsUnknown() {
    say(1, "  ", "hello there");
    say(2, null, "again");

    assertThat(process.query(minutes(2)).get("speakers").get("(unknown)").asLong()).isEqualTo(3);
  }

  @Test
  void endsWhenMaxDurationPasses() {
    assertThat(process.shouldEnd(seconds(5399))).isFalse();
    assertThat(process.shouldEnd(minutes(90))).isTrue();
    assertThat(process.handle(line(1, "Host", "too late"), minutes(91)).outcome())
        .isEqualTo(Outcome.ENDED);
    assertThat(process.appliedSeq()).isZero();
  }

  @Test
  void endsWhenTheSpecSaysEnded() {
    MeetingSpec ended = spec();
    ended.setEnded(true);

    process.handle(new MeetingEvent.SpecChanged(ended), minutes(10));

    assertThat(process.shouldEnd(minutes(10))).isTrue();
    assertThat(process.end(minutes(10)).getEndReason()).isEqualTo("Requested");
  }

  @Test
  void summarizesTheMeetingAtItsEnd() {
    say(1, "Host", "The deadline is Friday.");
    say(2, "Guest", "One blocker: the go live date.");
    say(3, "Host", "Deadline it is.");

    MeetingSummary summary = process.end(minutes(70));

    assertThat(summary.getStartedAt()).isEqualTo("2025-03-03T09:00:00Z");
    assertThat(summary.getEndedAt()).isEqualTo("2025-03-03T10:10:00Z");
    assertThat(summary.getDuration()).isEqualTo("1h10m");
    assertThat(summary.getDurationSeconds()).isEqualTo(4200);
    assertThat(summary.getEndReason()).isEqualTo("Stopped");
    assertThat(summary.getWordsBySpeaker()).isEqualTo(Map.of("Host", 7L, "Guest", 6L));
    assertThat(summary.getOtherSpeakersWords()).isZero();
    assertThat(summary.getKeywordHits())
        .isEqualTo(Map.of("Deadline", 2L, "blocker", 1L, "go live", 1L));
    assertThat(summary.getSegments()).isEqualTo(3);
    assertThat(summary.getAgendaItems()).isEqualTo(2);
    assertThat(summary.getAgendaItemsCovered()).isEqualTo(2);
    assertThat(summary.getOverrunSeconds()).isEqualTo(600);
  }

  @Test
  void anEarlyEndCoversOnlyTheItemsReached() {
    MeetingSummary summary = process.end(minutes(10));

    assertThat(summary.getAgendaItemsCovered()).isEqualTo(1);
    assertThat(summary.getOverrunSeconds()).isZero();
    assertThat(summary.getKeywordHits())
        .isEqualTo(Map.of("Deadline", 0L, "blocker", 0L, "go live", 0L));
  }

  @Test
  void anEndNoticedLateIsDatedAtMaxDuration() {
    MeetingSummary summary = process.end(minutes(120));

    assertThat(summary.getEndedAt()).isEqualTo("2025-03-03T10:30:00Z");
    assertThat(summary.getDurationSeconds()).isEqualTo(5400);
    assertThat(summary.getEndReason()).isEqualTo("MaxDuration");
    assertThat(summary.getOverrunSeconds()).isEqualTo(1800);
  }

  @Test
  void endIsIdempotent() {
    say(1, "Host", "deadline");
    MeetingSummary first = process.end(minutes(70));

    MeetingSummary second = process.end(minutes(80));
    MeetingSpec edited = spec();
    edited.setKeywords(List.of("other"));
    process.handle(new MeetingEvent.SpecChanged(edited), minutes(81));
    MeetingSummary third = process.end(minutes(82));

    assertThat(TestMeetings.json(second)).isEqualTo(TestMeetings.json(first));
    assertThat(TestMeetings.json(third)).isEqualTo(TestMeetings.json(first));
    assertThat(process.shouldEnd(minutes(80))).isTrue();
  }

  @Test
  void refusesNewTranscriptAfterTheEndButAnswersResends() {
    say(1, "Host", "last words");
    process.end(minutes(20));

    assertThat(process.handle(line(2, "Host", "after"), minutes(21)))
        .isEqualTo(new EventResult(Outcome.ENDED, 1));
    assertThat(process.handle(line(1, "Host", "last words"), minutes(21)))
        .isEqualTo(new EventResult(Outcome.DUPLICATE, 1));
  }

  @Test
  void theLiveViewFreezesAtTheEnd() {
    process.end(minutes(70));

    JsonNode later = process.query(minutes(85));
    assertThat(later.get("ended").asBoolean()).isTrue();
    assertThat(later.get("endedAt").asText()).isEqualTo("2025-03-03T10:10:00Z");
    assertThat(later.get("agenda").get("overrunSeconds").asLong()).isEqualTo(600);
  }

  @Test
  void mustBeStartedOnce() {
    BuiltInMeetingProcess fresh = new BuiltInMeetingProcess();

    assertThat(fresh.appliedSeq()).isZero();
    assertThatThrownBy(() -> fresh.query(START)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> process.start(TestMeetings.context(spec), null, START))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");
  }
}
