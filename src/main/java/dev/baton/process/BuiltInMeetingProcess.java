package dev.baton.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.Durations;
import dev.baton.api.SpecDefaults;
import dev.baton.api.v1alpha1.MeetingSummary;
import dev.baton.process.EventResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The meeting Baton runs by itself: it follows the agenda, counts the transcript, calls the hooks
 * once each and writes a summary at the end.
 *
 * <p>Every public method holds the instance's lock, so the worker may call them from any thread and
 * a snapshot never shows half of an event. Transcript segments are applied by sequence number: any
 * number above the highest applied is applied (gaps are allowed, the numbers skipped are never
 * filled in later), any other is a duplicate. The snapshot is versioned JSON whose objects are
 * written in a fixed order, so a process resumed from it writes the same JSON again.
 */
public final class BuiltInMeetingProcess implements MeetingProcess {

  /** Version of the snapshot's shape; a process refuses to resume from any other. */
  static final long SNAPSHOT_VERSION = 1;

  private MeetingContext meeting;
  private Instant startedAt;
  private long agendaReached;
  private TranscriptStats transcript = new TranscriptStats();
  private final Set<Hook> hooksCalled = EnumSet.noneOf(Hook.class);
  private MeetingEnd end;

  @Override
  public synchronized void start(MeetingContext meeting, ObjectNode snapshot, Instant now) {
    Objects.requireNonNull(meeting, "meeting");
    Objects.requireNonNull(now, "now");
    if (this.meeting != null) {
      throw new IllegalStateException("the meeting process was already started");
    }
    if (snapshot == null || snapshot.isEmpty()) {
      startedAt = now;
    } else {
      resume(snapshot);
    }
    this.meeting = meeting;
  }

  @Override
  public synchronized EventResult handle(MeetingEvent event, Instant now) {
    Objects.requireNonNull(event, "event");
    requireStarted();
    if (event instanceof MeetingEvent.Transcript segment) {
      return transcribe(segment, now);
    }
    if (event instanceof MeetingEvent.Tick) {
      return tick(now);
    }
    // The snapshot holds nothing of the spec, so it stays as it was; hits of a changed keyword
    // list are counted from the next segment on.
    meeting = meeting.withSpec(((MeetingEvent.SpecChanged) event).spec());
    return result(Outcome.UNCHANGED);
  }

  @Override
  public synchronized boolean shouldEnd(Instant now) {
    requireStarted();
    if (end != null || SpecDefaults.ended(meeting.spec())) {
      return true;
    }
    return deadline().map(deadline -> !now.isBefore(deadline)).orElse(false);
  }

  @Override
  public synchronized MeetingSummary end(Instant now) {
    requireStarted();
    if (end == null) {
      end = finish(now);
    }
    return summary();
  }

  @Override
  public synchronized ObjectNode snapshot() {
    requireStarted();
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.put("version", SNAPSHOT_VERSION);
    state.put("startedAt", startedAt.toString());
    state.put("agendaReached", agendaReached);
    transcript.writeState(state);
    ArrayNode called = state.putArray("hooksCalled");
    hooksCalled.forEach(hook -> called.add(hook.jsonName()));
    if (end != null) {
      end.writeTo(state.putObject("end"));
    }
    return state;
  }

  @Override
  public synchronized ObjectNode query(Instant now) {
    requireStarted();
    ObjectNode view = JsonNodeFactory.instance.objectNode();
    view.put("title", meeting.spec().getTitle());
    view.put("startedAt", startedAt.toString());
    view.put("ended", end != null);
    if (end != null) {
      view.put("endedAt", end.at().toString());
      view.put("endReason", end.reason());
    }
    view.set("agenda", position(now).toJson());
    if (end == null) {
      transcript.writeLive(view, keywords());
    } else {
      transcript.writeState(view);
    }
    return view;
  }

  @Override
  public synchronized long appliedSeq() {
    return transcript.appliedSeq();
  }

  @Override
  public synchronized List<HookCall> dueHooks() {
    requireStarted();
    List<HookCall> due = new ArrayList<>();
    addIfDue(due, Hook.ON_START, true);
    addIfDue(due, Hook.ON_END, end != null);
    return due;
  }

  @Override
  public synchronized void hookCalled(Hook hook) {
    requireStarted();
    hooksCalled.add(Objects.requireNonNull(hook, "hook"));
  }

  private void resume(ObjectNode state) {
    long version = SnapshotFields.number(state, "version");
    if (version != SNAPSHOT_VERSION) {
      throw new IllegalArgumentException(
          "snapshot version " + version + " is not supported; expected " + SNAPSHOT_VERSION);
    }
    Set<Hook> called = readHooks(SnapshotFields.array(state, "hooksCalled"));
    JsonNode endNode = state.get("end");
    MeetingEnd ended = endNode == null || endNode.isNull() ? null : MeetingEnd.readFrom(endNode);
    TranscriptStats stats = TranscriptStats.readFrom(state);
    startedAt = SnapshotFields.instant(state, "startedAt");
    agendaReached = SnapshotFields.number(state, "agendaReached");
    transcript = stats;
    hooksCalled.addAll(called);
    end = ended;
  }

  private static Set<Hook> readHooks(JsonNode names) {
    Set<Hook> hooks = EnumSet.noneOf(Hook.class);
    for (JsonNode name : names) {
      hooks.add(hookNamed(name.asText()));
    }
    return hooks;
  }

  private static Hook hookNamed(String name) {
    for (Hook hook : Hook.values()) {
      if (hook.jsonName().equals(name)) {
        return hook;
      }
    }
    throw new IllegalArgumentException("snapshot field 'hooksCalled' names no hook: " + name);
  }

  private EventResult transcribe(MeetingEvent.Transcript segment, Instant now) {
    if (segment.seq() < 1) {
      throw new IllegalArgumentException("transcript seq must be 1 or more, was " + segment.seq());
    }
    // A resend of an applied segment is answered as a duplicate even after the end, so that a
    // client retrying its last request sees the same answer it missed.
    if (!transcript.isNew(segment.seq())) {
      return result(Outcome.DUPLICATE);
    }
    if (shouldEnd(now)) {
      return result(Outcome.ENDED);
    }
    transcript.apply(segment, keywords());
    return result(Outcome.APPLIED);
  }

  private EventResult tick(Instant now) {
    if (end != null) {
      return result(Outcome.UNCHANGED);
    }
    int index = position(now).index();
    if (index <= agendaReached) {
      return result(Outcome.UNCHANGED);
    }
    // Entering the overrun after the last item counts as an advance too.
    agendaReached = index;
    return result(Outcome.AGENDA_ADVANCED);
  }

  private MeetingEnd finish(Instant now) {
    Instant at = meetingClock(now);
    AgendaPosition position = position(now);
    agendaReached = Math.max(agendaReached, position.index());
    transcript.settleKeywords(keywords());
    long covered = Math.min(agendaReached + 1, position.items());
    return new MeetingEnd(at, endReason(now), position.items(), covered, position.overrunSeconds());
  }

  private String endReason(Instant now) {
    if (deadline().filter(deadline -> !now.isBefore(deadline)).isPresent()) {
      return MeetingEnd.MAX_DURATION;
    }
    return SpecDefaults.ended(meeting.spec()) ? MeetingEnd.REQUESTED : MeetingEnd.STOPPED;
  }

  private MeetingSummary summary() {
    MeetingSummary summary = new MeetingSummary();
    Duration length = Duration.between(startedAt, end.at());
    summary.setStartedAt(startedAt.toString());
    summary.setEndedAt(end.at().toString());
    summary.setDuration(Durations.format(length.truncatedTo(ChronoUnit.SECONDS)));
    summary.setDurationSeconds(length.toSeconds());
    summary.setEndReason(end.reason());
    transcript.fill(summary);
    summary.setAgendaItems(Math.toIntExact(end.agendaItems()));
    summary.setAgendaItemsCovered(Math.toIntExact(end.agendaItemsCovered()));
    summary.setOverrunSeconds(end.overrunSeconds());
    return summary;
  }

  private void addIfDue(List<HookCall> due, Hook hook, boolean reached) {
    String url = hook.url(meeting.spec().getHooks());
    if (reached && url != null && !url.isBlank() && !hooksCalled.contains(hook)) {
      due.add(new HookCall(hook, url, meeting.hookKey(hook), hookBody(hook)));
    }
  }

  // Built only from state that survives a handoff, so a retry on another worker sends the same.
  private ObjectNode hookBody(Hook hook) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("hook", hook.jsonName());
    body.putObject("meeting")
        .put("namespace", meeting.namespace())
        .put("name", meeting.name())
        .put("uid", meeting.uid());
    body.put("title", meeting.spec().getTitle());
    body.put("startedAt", startedAt.toString());
    if (hook == Hook.ON_END) {
      body.set("summary", SnapshotCodec.MAPPER.valueToTree(summary()));
    }
    return body;
  }

  /** Meeting time as of {@code now}: it stops at the end, or at the deadline if that is sooner. */
  private Instant meetingClock(Instant now) {
    Instant clock = end != null ? end.at() : deadline().filter(now::isAfter).orElse(now);
    // A worker whose clock lags the one that started the meeting must not see negative time.
    return clock.isBefore(startedAt) ? startedAt : clock;
  }

  private AgendaPosition position(Instant now) {
    Duration elapsed = Duration.between(startedAt, meetingClock(now));
    return AgendaPosition.at(meeting.spec().getAgenda(), elapsed);
  }

  private Optional<Instant> deadline() {
    return SpecDefaults.maxDuration(meeting.spec()).map(startedAt::plus);
  }

  private List<String> keywords() {
    return TranscriptStats.tracked(meeting.spec().getKeywords());
  }

  private EventResult result(Outcome outcome) {
    return new EventResult(outcome, transcript.appliedSeq());
  }

  private void requireStarted() {
    if (meeting == null) {
      throw new IllegalStateException("the meeting process has not been started");
    }
  }
}
