package dev.baton.process;

import static dev.baton.process.TestMeetings.END_URL;
import static dev.baton.process.TestMeetings.START_URL;
import static dev.baton.process.TestMeetings.UID;
import static dev.baton.process.TestMeetings.json;
import static dev.baton.process.TestMeetings.line;
import static dev.baton.process.TestMeetings.minutes;
import static dev.baton.process.TestMeetings.resumed;
import static dev.baton.process.TestMeetings.spec;
import static dev.baton.process.TestMeetings.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HooksSpec;
import dev.baton.api.v1alpha1.MeetingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltInMeetingProcessHooksTest {

  private final MeetingSpec spec = spec();
  private final BuiltInMeetingProcess process = started(spec);

  @Test
  void theStartHookIsDueOnceStartedAndStaysDueWithTheSameKey() {
    List<HookCall> first = process.dueHooks();
    List<HookCall> retry = process.dueHooks();

    assertThat(first).hasSize(1);
    HookCall call = first.get(0);
    assertThat(call.hook()).isEqualTo(Hook.ON_START);
    assertThat(call.url()).isEqualTo(START_URL);
    assertThat(call.idempotencyKey()).isEqualTo(UID + "/onStart");
    assertThat(call.body().get("meeting").get("uid").asText()).isEqualTo(UID);
    assertThat(call.body().get("meeting").get("name").asText()).isEqualTo("weekly-planning");
    assertThat(call.body().get("startedAt").asText()).isEqualTo("2025-03-03T09:00:00Z");
    assertThat(retry).isEqualTo(first);
  }

  @Test
  void anAcknowledgedHookIsNoLongerDue() {
    process.hookCalled(Hook.ON_START);

    assertThat(process.dueHooks()).isEmpty();
  }

  @Test
  void theEndHookIsDueOnlyAfterTheEndAndCarriesTheSummary() {
    process.hookCalled(Hook.ON_START);
    process.handle(line(1, "Host", "deadline"), minutes(5));
    assertThat(process.dueHooks()).isEmpty();

    Object summary = process.end(minutes(70));
    List<HookCall> due = process.dueHooks();

    assertThat(due).extracting(HookCall::hook).containsExactly(Hook.ON_END);
    assertThat(due.get(0).url()).isEqualTo(END_URL);
    assertThat(due.get(0).idempotencyKey()).isEqualTo(UID + "/onEnd");
    assertThat(json(due.get(0).body().get("summary"))).isEqualTo(json(summary));
    process.hookCalled(Hook.ON_END);
    assertThat(process.dueHooks()).isEmpty();
  }

  @Test
  void anUnacknowledgedStartHookComesBeforeTheEndHook() {
    process.end(minutes(10));

    assertThat(process.dueHooks())
        .extracting(HookCall::hook)
        .containsExactly(Hook.ON_START, Hook.ON_END);
  }

  @Test
  void anAcknowledgementSurvivesAResume() {
    process.hookCalled(Hook.ON_START);
    process.end(minutes(70));
    process.hookCalled(Hook.ON_END);

    BuiltInMeetingProcess next = resumed(spec, process.snapshot(), minutes(71));

    assertThat(next.dueHooks()).isEmpty();
    assertThat(next.snapshot().get("hooksCalled").toString()).isEqualTo("[\"onStart\",\"onEnd\"]");
  }

  @Test
  void aHookNotYetAcknowledgedIsDueAgainAfterAResumeWithTheSameCall() {
    List<HookCall> before = process.dueHooks();

    BuiltInMeetingProcess next = resumed(spec, process.snapshot(), minutes(3));

    assertThat(next.dueHooks()).isEqualTo(before);
  }

  @Test
  void noHookIsDueWhenNoneIsConfigured() {
    MeetingSpec quiet = spec();
    quiet.setHooks(null);
    BuiltInMeetingProcess silent = started(quiet);
    silent.end(minutes(10));

    assertThat(silent.dueHooks()).isEmpty();
  }

  @Test
  void onlyTheConfiguredHookIsDue() {
    MeetingSpec endOnly = spec();
    endOnly.setHooks(new HooksSpec(null, END_URL));
    BuiltInMeetingProcess meeting = started(endOnly);

    assertThat(meeting.dueHooks()).isEmpty();
    meeting.end(minutes(10));
    assertThat(meeting.dueHooks()).extracting(HookCall::hook).containsExactly(Hook.ON_END);
  }
}
