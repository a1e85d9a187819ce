package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HandoffKind;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.MeetingSteps;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker cut off from the API server stops its meetings before its successor starts them, and
 * after it reconnects it never writes for them again (I1).
 */
@ExtendWith(TestBed.class)
class FencingIT {

  private static final Pattern LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*");

  @Test
  void aCutOffWorkerStopsBeforeItsSuccessorStarts(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      List<String> names = List.of("f0", "f1", "f2");
      for (String name : names) {
        baton.create(Meetings.standUp(name));
      }
      for (String name : names) {
        baton.awaitPhase(name, MeetingPhase.RUNNING);
      }
      Meeting before = baton.get("f0");
      String cut = before.getStatus().getAssignment().getWorker();
      List<String> onCut =
          names.stream()
              .filter(n -> cut.equals(baton.get(n).getStatus().getAssignment().getWorker()))
              .toList();

      cluster.agent().cutPod(cluster.namespace(), cut);
      MeetingSteps steps = new MeetingSteps(cluster, baton);
      List<Meeting> moved = new ArrayList<>();
      for (String name : onCut) {
        moved.add(steps.awaitMoved(name, 2));
      }
      for (Meeting meeting : moved) {
        String name = meeting.getMetadata().getName();
        assertThat(meeting.getStatus().getHandoffs().getLast().getKind())
            .isEqualTo(HandoffKind.CRASH);
        LocalTime stopped = logTime(baton, cut, name, 1, "fenced: suspended");
        LocalTime started =
            logTime(baton, meeting.getStatus().getAssignment().getWorker(), name, 2, "started");
        assertThat(stopped)
            .as("%s: old process stopped before the new one started", name)
            .isBefore(started);
      }

      cluster.agent().reconnectPod(cluster.namespace(), cut);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> baton.log(cut, "worker").contains("the lease was revoked"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  baton.readyWorkers().stream()
                      .anyMatch(p -> p.getMetadata().getName().equals(cut)));
      Thread.sleep(3_000);
      for (Meeting meeting : moved) {
        Meeting now = baton.get(meeting.getMetadata().getName());
        assertThat(now.getStatus().getAssignment().getEpoch()).isEqualTo(2L);
        assertThat(now.getStatus().getProcess().getWorker()).isNotEqualTo(cut);
        assertThat(
                now.getStatus().getSnapshot() == null
                    || now.getStatus().getSnapshot().getEpoch() == 2L)
            .as("no snapshot of the old epoch after the move")
            .isTrue();
      }
      String log = baton.log(cut, "worker");
      String afterRevoke = log.substring(log.indexOf("the lease was revoked"));
      assertThat(afterRevoke).doesNotContain("started", "handed off", "ended:");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  @Test
  void aLoneWorkerCutOffAndBackRunsItsMeetingAgainAtTheNextEpoch(TestBed.Cluster cluster)
      throws Exception {
    BatonRelease baton = BatonRelease.install(cluster, "worker.replicas=1");
    try {
      baton.create(Meetings.standUp("alone"));
      Meeting before = baton.awaitPhase("alone", MeetingPhase.RUNNING);
      String worker = before.getStatus().getAssignment().getWorker();

      cluster.agent().cutPod(cluster.namespace(), worker);
      baton.await(
          "alone",
          Duration.ofSeconds(60),
          m -> m.getStatus().getPhase() == MeetingPhase.RECOVERING);
      cluster.agent().reconnectPod(cluster.namespace(), worker);

      Meeting after =
          baton.await(
              "alone",
              Duration.ofSeconds(60),
              m ->
                  m.getStatus().getPhase() == MeetingPhase.RUNNING
                      && m.getStatus().getAssignment().getEpoch() == 2L
                      && m.getStatus().getProcess().getEpoch() == 2L);
      assertThat(after.getStatus().getAssignment().getWorker()).isEqualTo(worker);
      assertThat(new MeetingSteps(cluster, baton).feed("alone", 1, 1)).isEqualTo(1L);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  /** When the worker's log first says {@code what} for the meeting at {@code epoch}. */
  private static LocalTime logTime(
      BatonRelease baton, String worker, String meeting, long epoch, String what) throws Exception {
    String marker = "/" + meeting + " epoch=" + epoch + " " + what;
    for (String line : baton.log(worker, "worker").split("\n")) {
      Matcher matcher = LINE.matcher(line);
      if (line.contains(marker) && matcher.matches()) {
        return LocalTime.parse(matcher.group(1));
      }
    }
    throw new AssertionError("no line with '" + marker + "' in the log of " + worker);
  }
}
