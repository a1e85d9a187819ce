package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.AssignmentStatus;
import dev.baton.api.v1alpha1.HandoffKind;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingCondition;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.api.v1alpha1.MeetingStatus;
import dev.baton.api.v1alpha1.ProcessError;
import dev.baton.api.v1alpha1.ProcessStatus;
import dev.baton.api.v1alpha1.SnapshotKind;
import dev.baton.api.v1alpha1.SnapshotStatus;
import dev.baton.operator.MeetingEvents.Reason;
import dev.baton.testbed.Meetings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's decisions, from observed meetings and workers, without any server. */
class MeetingPlannerTest {

  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  @Test
  void aNewMeetingGoesToTheLeastLoadedReadyWorker() {
    Plan plan = plan(meeting(), pool(worker("a", 3), worker("b", 1), worker("c", 2)));

    assertThat(plan.placement()).isTrue();
    assertThat(plan.status().getAssignment().getWorker()).isEqualTo("b");
    assertThat(plan.status().getAssignment().getEpoch()).isEqualTo(1L);
    assertThat(plan.status().getPhase()).isEqualTo(MeetingPhase.PENDING);
    assertThat(plan.notes()).extracting(Plan.Note::reason).containsExactly(Reason.Placed);
  }

  @Test
  void withoutAWorkerTheMeetingWaitsAndSaysWhy() {
    Plan plan = plan(meeting(), pool());

    assertThat(plan.placement()).isFalse();
    assertThat(plan.requeue()).isNotNull();
    assertThat(condition(plan, "Placed").getReason()).isEqualTo("NoWorkerAvailable");
    assertThat(condition(plan, "Placed").getMessage()).contains("No worker pods exist");
  }

  @Test
  void aTerminatingWorkerIsGivenTimeForItsFinalSnapshot() {
    Meeting meeting = running("a", 1);
    Plan plan = plan(meeting, pool(terminating("a"), worker("b", 0)));

    assertThat(plan.placement()).isFalse();
    assertThat(plan.status().getPhase()).isEqualTo(MeetingPhase.HANDING_OFF);
    assertThat(condition(plan, "Ready").getReason()).isEqualTo("HandingOff");
    assertThat(plan.notes()).extracting(Plan.Note::reason).containsExactly(Reason.HandoffStarted);
  }

  @Test
  void aGracefulSnapshotMovesTheMeetingAtTheNextEpoch() {
    Meeting meeting = running("a", 4);
    meeting.getStatus().setSnapshot(snapshot(4, SnapshotKind.GRACEFUL, "2026-12-04T09:59:59Z"));

    Plan plan = plan(meeting, pool(terminating("a"), worker("b", 0)));

    assertThat(plan.placement()).isTrue();
    assertThat(plan.status().getAssignment().getWorker()).isEqualTo("b");
    assertThat(plan.status().getAssignment().getEpoch()).isEqualTo(5L);
    assertThat(plan.status().getHandoffs().getCount()).isEqualTo(1L);
    assertThat(plan.status().getHandoffs().getLast().getKind()).isEqualTo(HandoffKind.GRACEFUL);
  }

  @Test
  void theGapIsRecordedOnceTheNewProcessStarts() {
    Meeting meeting = running("a", 1);
    meeting.getStatus().setSnapshot(snapshot(1, SnapshotKind.GRACEFUL, "2026-12-04T09:59:59Z"));
    Meeting moved = withStatus(plan(meeting, pool(terminating("a"), worker("b", 0))).status());
    moved.getStatus().setProcess(new ProcessStatus("b", 2L, "2026-12-04T09:59:59.250Z", null));

    Plan plan = plan(moved, pool(worker("b", 1)));

    assertThat(plan.status().getPhase()).isEqualTo(MeetingPhase.RUNNING);
    assertThat(plan.status().getHandoffs().getLast().getGapMillis()).isEqualTo(250L);
    assertThat(plan.status().getHandoffs().getLast().getRecovered().getLostMillis()).isZero();
    assertThat(plan.notes()).extracting(Plan.Note::reason).contains(Reason.HandoffCompleted);
  }

  @Test
  void aRevokedLeaseMovesTheMeetingAsACrash() {
    Meeting meeting = running("a", 2);
    var lost = new Placement.Worker.Lease(false, true, NOW.minusSeconds(6), "");
    WorkerPool pool =
        new WorkerPool(
            List.of(worker("a", 1), worker("b", 0)),
            name -> name.equals("a") ? lost : Placement.Worker.Lease.FRESH);

    Plan plan = plan(meeting, pool);

    assertThat(plan.status().getAssignment().getWorker()).isEqualTo("b");
    assertThat(plan.status().getHandoffs().getLast().getKind()).isEqualTo(HandoffKind.CRASH);
    assertThat(plan.status().getHandoffs().getLast().getLastHeartbeat())
        .isEqualTo("2026-12-04T09:59:54Z");
  }

  @Test
  void aVanishedPodIsFencedBeforeItsMeetingMoves() {
    Plan plan = plan(running("gone", 1), pool(worker("b", 0)));

    assertThat(plan.placement()).isFalse();
    assertThat(plan.revoke()).isEqualTo("gone");
  }

  @Test
  void aProcessErrorShowsAsDegradedWithAnEvent() {
    Meeting meeting = running("a", 1);
    meeting
        .getStatus()
        .getProcess()
        .setLastError(
            new ProcessError(
                "HookFailed", "hook onStart answered HTTP 503", "2026-12-04T09:59:00Z"));

    Plan plan = plan(meeting, pool(worker("a", 1)));

    assertThat(condition(plan, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(plan, "Degraded").getReason()).isEqualTo("HookFailed");
    assertThat(plan.notes()).extracting(Plan.Note::reason).containsExactly(Reason.HookFailed);
  }

  @Test
  void aSteadyRunningMeetingNeedsNoWrite() {
    Meeting meeting = running("a", 1);
    Meeting settled = withStatus(plan(meeting, pool(worker("a", 1))).status());

    Plan again = plan(settled, pool(worker("a", 1)));

    assertThat(OwnedStatus.owned(again.status())).isEqualTo(OwnedStatus.owned(settled.getStatus()));
    assertThat(again.notes()).isEmpty();
  }

  static Plan plan(Meeting meeting, WorkerPool pool) {
    return MeetingPlanner.plan(meeting, pool, NOW);
  }

  static Meeting meeting() {
    Meeting meeting = Meetings.standUp("planned");
    meeting.getMetadata().setNamespace("team");
    meeting.getMetadata().setGeneration(1L);
    return meeting;
  }

  static Meeting withStatus(MeetingStatus status) {
    Meeting meeting = meeting();
    meeting.setStatus(status);
    return meeting;
  }

  /** A meeting whose process runs on {@code worker} at {@code epoch}. */
  static Meeting running(String worker, long epoch) {
    AssignmentStatus assignment = new AssignmentStatus();
    assignment.setWorker(worker);
    assignment.setNode("node-1");
    assignment.setEpoch(epoch);
    assignment.setSince("2026-12-04T09:00:00Z");
    MeetingStatus status = new MeetingStatus();
    status.setAssignment(assignment);
    status.setProcess(new ProcessStatus(worker, epoch, "2026-12-04T09:00:01Z", null));
    status.setConditions(List.of(new MeetingCondition("Ready", "True", "Running", "runs")));
    return withStatus(status);
  }

  static SnapshotStatus snapshot(long epoch, SnapshotKind kind, String takenAt) {
    SnapshotStatus snapshot = new SnapshotStatus();
    snapshot.setEpoch(epoch);
    snapshot.setKind(kind);
    snapshot.setTakenAt(takenAt);
    snapshot.setAppliedSeq(7L);
    return snapshot;
  }

  static WorkerPool pool(Placement.Worker... workers) {
    return new WorkerPool(List.of(workers));
  }

  static Placement.Worker worker(String name, int load) {
    return new Placement.Worker(
        name,
        "node-1",
        "127.0.0.1:8080",
        Map.of(),
        true,
        false,
        false,
        load,
        Placement.Worker.Lease.FRESH);
  }

  static Placement.Worker terminating(String name) {
    return new Placement.Worker(
        name,
        "node-1",
        "127.0.0.1:8080",
        Map.of(),
        true,
        true,
        false,
        1,
        Placement.Worker.Lease.FRESH);
  }

  private static MeetingCondition condition(Plan plan, String type) {
    return Conditions.find(plan.status().getConditions(), type).orElseThrow();
  }
}
