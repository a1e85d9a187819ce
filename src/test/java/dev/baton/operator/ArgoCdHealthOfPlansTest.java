package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.v1alpha1.AssignmentStatus;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingStatus;
import dev.baton.api.v1alpha1.ProcessError;
import dev.baton.api.v1alpha1.ProcessStatus;
import dev.baton.docs.ArgoCdLua;
import dev.baton.testbed.Meetings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's Argo CD health check on statuses the operator's planner writes, so that the script
 * follows the real status shape and messages, not only the hand-written samples.
 */
class ArgoCdHealthOfPlansTest {

  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ArgoCdLua script;

  @BeforeAll
  static void load() throws IOException {
    script = ArgoCdLua.load(Path.of("helm/baton/docs/argocd-health.lua"));
  }

  @Test
  void aMeetingWithoutAWorkerProgressesAndSaysWhy() {
    Meeting planned = planned(meeting(), pool());

    assertThat(health(planned))
        .isEqualTo(
            new ArgoCdLua.Health(
                "Progressing", "No worker pods exist; install or scale up the worker Deployment."));
  }

  @Test
  void aPlacedMeetingProgressesUntilItsWorkerStartsIt() {
    Meeting planned = planned(meeting(), pool(worker("b")));

    assertThat(planned.getStatus().getPhase().name()).isEqualTo("PENDING");
    assertThat(health(planned))
        .isEqualTo(
            new ArgoCdLua.Health(
                "Progressing", "Waiting for worker b to start the process at epoch 1."));
  }

  @Test
  void aRunningMeetingIsHealthy() {
    Meeting planned = planned(running("a", 3), pool(worker("a")));

    assertThat(health(planned))
        .isEqualTo(new ArgoCdLua.Health("Healthy", "The process runs on worker a at epoch 3."));
  }

  @Test
  void aProcessErrorIsDegraded() {
    Meeting meeting = running("a", 1);
    meeting
        .getStatus()
        .getProcess()
        .setLastError(new ProcessError("SnapshotTooLarge", "snapshot is too large", "x"));

    assertThat(health(planned(meeting, pool(worker("a")))))
        .isEqualTo(new ArgoCdLua.Health("Degraded", "snapshot is too large"));
  }

  @Test
  void aMeetingOnAStoppingWorkerProgresses() {
    Meeting planned = planned(running("a", 1), pool(stopping("a"), worker("b")));

    assertThat(planned.getStatus().getPhase().name()).isEqualTo("HANDING_OFF");
    assertThat(health(planned))
        .isEqualTo(
            new ArgoCdLua.Health(
                "Progressing",
                "Worker a is shutting down; waiting up to 30s for its final snapshot."));
  }

  @Test
  void aMeetingWhoseWorkerDiedProgressesAsRecovering() {
    var revoked = new Placement.Worker.Lease(false, true, NOW.minusSeconds(6), "");
    WorkerPool pool =
        new WorkerPool(
            List.of(worker("a", revoked), worker("b")),
            name -> name.equals("a") ? revoked : Placement.Worker.Lease.FRESH);

    Meeting planned = planned(running("a", 1), pool);

    assertThat(planned.getStatus().getPhase().name()).isEqualTo("RECOVERING");
    assertThat(health(planned))
        .isEqualTo(
            new ArgoCdLua.Health(
                "Progressing",
                "Recovering from the last checkpoint: Waiting for worker b to start the process"
                    + " at epoch 2."));
  }

  @Test
  void anEndedMeetingIsHealthy() {
    Meeting meeting = running("a", 1);
    meeting.getStatus().setEndedAt("2026-12-04T09:59:00Z");

    assertThat(health(planned(meeting, pool(worker("a")))))
        .isEqualTo(new ArgoCdLua.Health("Healthy", "Ended at 2026-12-04T09:59:00Z"));
  }

  @Test
  void aSpecChangeProgressesUntilTheOperatorSeesIt() {
    Meeting planned = planned(running("a", 1), pool(worker("a")));
    planned.getMetadata().setGeneration(2L);

    assertThat(health(planned))
        .isEqualTo(
            new ArgoCdLua.Health(
                "Progressing", "Waiting for the operator to observe generation 2"));
  }

  private static ArgoCdLua.Health health(Meeting meeting) {
    return script.health(JSON.<JsonNode>valueToTree(meeting));
  }

  /** The meeting with the status the planner decided for it. */
  private static Meeting planned(Meeting meeting, WorkerPool pool) {
    meeting.setStatus(MeetingPlanner.plan(meeting, pool, NOW).status());
    return meeting;
  }

  private static Meeting meeting() {
    Meeting meeting = Meetings.standUp("planned");
    meeting.getMetadata().setNamespace("team");
    meeting.getMetadata().setGeneration(1L);
    return meeting;
  }

  private static Meeting running(String worker, long epoch) {
    AssignmentStatus assignment = new AssignmentStatus();
    assignment.setWorker(worker);
    assignment.setNode("node-1");
    assignment.setEpoch(epoch);
    assignment.setSince("2026-12-04T09:00:00Z");
    MeetingStatus status = new MeetingStatus();
    status.setAssignment(assignment);
    status.setProcess(new ProcessStatus(worker, epoch, "2026-12-04T09:00:01Z", null));
    Meeting meeting = meeting();
    meeting.setStatus(status);
    return meeting;
  }

  private static WorkerPool pool(Placement.Worker... workers) {
    return new WorkerPool(List.of(workers));
  }

  private static Placement.Worker worker(String name) {
    return worker(name, Placement.Worker.Lease.FRESH);
  }

  private static Placement.Worker worker(String name, Placement.Worker.Lease lease) {
    return new Placement.Worker(
        name, "node-1", "127.0.0.1:8080", Map.of(), true, false, false, 0, lease);
  }

  private static Placement.Worker stopping(String name) {
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
}
