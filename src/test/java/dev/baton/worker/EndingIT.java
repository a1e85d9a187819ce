package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.HookReceiver;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A meeting ends through spec.ended or through deletion, calling each hook exactly once. */
@ExtendWith(TestBed.class)
class EndingIT {

  @Test
  void endedTrueEndsTheMeetingAndCallsTheEndHookOnce(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try (HookReceiver hooks = new HookReceiver()) {
      baton.create(Meetings.withHooks("retro", hooks));
      baton.awaitPhase("retro", MeetingPhase.RUNNING);
      await().until(() -> hooks.acceptedByKey().size() == 1);

      cluster.kubectl(
          "patch",
          "mtg",
          "retro",
          "-n",
          cluster.namespace(),
          "--type=merge",
          "-p",
          "{\"spec\":{\"ended\":true}}");
      Meeting ended = baton.awaitPhase("retro", MeetingPhase.ENDED);

      assertThat(ended.getStatus().getSummary()).isNotNull();
      assertThat(ended.getStatus().getSummary().getEndReason()).isEqualTo("Requested");
      assertThat(ended.getStatus().getSnapshot()).as("snapshot cleared at the end").isNull();
      await().until(() -> hooks.acceptedByKey().size() == 2);
      assertThat(hooks.acceptedByKey().values()).containsOnly(1);
      assertThat(hooks.calls())
          .extracting(HookReceiver.Call::path)
          .containsExactly("/started/retro", "/ended/retro");
      assertThat(cluster.kubectl("get", "events", "-n", cluster.namespace()))
          .contains("Placed", "Ended");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  @Test
  void deletionEndsTheProcessBeforeTheResourceGoes(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try (HookReceiver hooks = new HookReceiver()) {
      baton.create(Meetings.withHooks("gone", hooks));
      baton.awaitPhase("gone", MeetingPhase.RUNNING);
      await().until(() -> hooks.acceptedByKey().size() == 1);

      cluster.kubectl("delete", "mtg", "gone", "-n", cluster.namespace(), "--wait=false");

      await().atMost(Duration.ofSeconds(60)).until(() -> baton.get("gone") == null);
      await().until(() -> hooks.acceptedByKey().size() == 2);
      assertThat(hooks.acceptedByKey().values()).containsOnly(1);
      assertThat(hooks.calls().get(1).body()).contains("\"endReason\":\"Stopped\"");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  @Test
  void aHookThatKeepsFailingShowsAsDegradedWithAnEvent(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try (HookReceiver hooks = new HookReceiver()) {
      hooks.failNext(100);
      baton.create(Meetings.withHooks("flaky", hooks));

      Meeting degraded =
          baton.await("flaky", Duration.ofSeconds(60), m -> "True".equals(degraded(m)));

      var condition =
          degraded.getStatus().getConditions().stream()
              .filter(c -> c.getType().equals("Degraded"))
              .findFirst()
              .orElseThrow();
      assertThat(condition.getReason()).isEqualTo("HookFailed");
      assertThat(condition.getMessage()).contains("onStart", "503", hooks.url("/started/flaky"));
      assertThat(degraded.getStatus().getPhase()).isEqualTo(MeetingPhase.RUNNING);
      await()
          .until(
              () ->
                  cluster
                      .kubectl("get", "events", "-n", cluster.namespace())
                      .contains("HookFailed"));
      assertThat(hooks.acceptedByKey()).isEmpty();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  private static String degraded(Meeting meeting) {
    if (meeting.getStatus() == null || meeting.getStatus().getConditions() == null) {
      return null;
    }
    return meeting.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Degraded"))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse(null);
  }
}
