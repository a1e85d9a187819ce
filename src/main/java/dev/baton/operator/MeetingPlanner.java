package dev.baton.operator;

import dev.baton.api.SpecDefaults;
import dev.baton.api.Times;
import dev.baton.api.v1alpha1.AssignmentStatus;
import dev.baton.api.v1alpha1.HandoffKind;
import dev.baton.api.v1alpha1.HandoffRecord;
import dev.baton.api.v1alpha1.HandoffsStatus;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingCondition;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.api.v1alpha1.MeetingStatus;
import dev.baton.api.v1alpha1.ProcessError;
import dev.baton.api.v1alpha1.ProcessStatus;
import dev.baton.api.v1alpha1.RecoveryRecord;
import dev.baton.api.v1alpha1.SnapshotKind;
import dev.baton.api.v1alpha1.SnapshotStatus;
import dev.baton.operator.MeetingEvents.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, from one observation of a meeting and the worker pool, where the meeting runs and what
 * the operator's part of its status says. Pure: it reads no clock and calls no server.
 */
final class MeetingPlanner {

  /** Retry interval while a meeting waits for something the operator cannot watch for. */
  static final Duration WAIT = Duration.ofSeconds(5);

  private final Meeting meeting;
  private final WorkerPool pool;
  private final Instant now;
  private final MeetingStatus status;
  private final Conditions conditions;
  private final List<Plan.Note> notes = new ArrayList<>();

  private MeetingPlanner(Meeting meeting, WorkerPool pool, Instant now) {
    this.meeting = meeting;
    this.pool = pool;
    this.now = now;
    this.status = StatusCopy.of(meeting.getStatus());
    this.conditions =
        new Conditions(status.getConditions(), meeting.getMetadata().getGeneration(), now);
  }

  /** What the operator should write and record for {@code meeting}. */
  static Plan plan(Meeting meeting, WorkerPool pool, Instant now) {
    return new MeetingPlanner(meeting, pool, now).decide();
  }

  private Plan decide() {
    status.setObservedGeneration(meeting.getMetadata().getGeneration());
    AssignmentStatus assignment = status.getAssignment();
    if (status.getEndedAt() != null) {
      return ended();
    }
    if (assignment == null) {
      return place(null);
    }
    if (handedOff()) {
      // The process wrote its final snapshot and stopped, whatever became of its pod since.
      return place(HandoffKind.GRACEFUL);
    }
    Optional<Placement.Worker> worker = pool.find(assignment.getWorker());
    Placement.Worker.Lease lease = pool.lease(assignment.getWorker());
    boolean finished = worker.map(Placement.Worker::finished).orElse(false);
    if (lease.revoked() || finished || outlivedByItsWorker(lease)) {
      return place(HandoffKind.CRASH);
    }
    if (worker.isEmpty()) {
      // The pod is gone, perhaps forced away while its process still runs: fence it first.
      return revokeFirst(assignment.getWorker());
    }
    if (worker.get().terminating()) {
      return handOff(worker.get());
    }
    return observeProcess();
  }

  private Plan ended() {
    status.setPhase(MeetingPhase.ENDED);
    conditions.set(
        Conditions.READY,
        false,
        "Ended",
        "The meeting ended at " + status.getEndedAt() + "; its summary is in status.summary.");
    conditions.set(Conditions.DEGRADED, false, "Ended", "The meeting has ended.");
    noteOnChange(Reason.Ended, "Meeting ended; summary written to status.summary");
    return plan(false, null);
  }

  /** Places a new meeting, or moves one whose worker is gone or handing it over. */
  private Plan place(HandoffKind kind) {
    AssignmentStatus old = status.getAssignment();
    // A worker that is shutting down or lost its Lease does not accept meetings anyway; one
    // that took its Lease again may take the meeting back at the next epoch.
    Map<String, String> selector = selector();
    Optional<Placement.Worker> chosen = Placement.choose(pool.workers(), selector);
    if (chosen.isEmpty()) {
      return noWorker(kind, Placement.whyNone(pool.workers(), selector));
    }
    Placement.Worker worker = chosen.get();
    long epoch = old == null || old.getEpoch() == null ? 1 : old.getEpoch() + 1;
    AssignmentStatus next = new AssignmentStatus();
    next.setWorker(worker.name());
    next.setNode(worker.node());
    next.setEpoch(epoch);
    next.setSince(Times.millis(now));
    next.setAddress(worker.address());
    status.setAssignment(next);
    if (kind != null) {
      recordMove(old, next, kind);
    }
    conditions.set(
        Conditions.PLACED,
        true,
        "Placed",
        "Placed on worker "
            + worker.name()
            + " (node "
            + worker.node()
            + ") at epoch "
            + epoch
            + ".");
    waitForStart(next, kind);
    notes.add(new Plan.Note(Reason.Placed, placedMessage(old, next, kind)));
    return plan(true, null);
  }

  private void recordMove(AssignmentStatus from, AssignmentStatus to, HandoffKind kind) {
    HandoffsStatus handoffs =
        status.getHandoffs() == null ? new HandoffsStatus() : status.getHandoffs();
    HandoffRecord last = new HandoffRecord();
    last.setFrom(from.getWorker());
    last.setTo(to.getWorker());
    last.setKind(kind);
    last.setEpoch(to.getEpoch());
    last.setAt(Times.millis(now));
    Instant heartbeat = pool.lease(from.getWorker()).lastRenewal();
    if (kind == HandoffKind.CRASH && heartbeat != null) {
      last.setLastHeartbeat(Times.millis(heartbeat));
    }
    handoffs.setCount((handoffs.getCount() == null ? 0 : handoffs.getCount()) + 1);
    handoffs.setLast(last);
    status.setHandoffs(handoffs);
  }

  private static String placedMessage(
      AssignmentStatus old, AssignmentStatus next, HandoffKind kind) {
    String where =
        "worker " + next.getWorker() + " (node " + next.getNode() + ") at epoch " + next.getEpoch();
    if (kind == null) {
      return "Placed on " + where;
    }
    String why =
        kind == HandoffKind.GRACEFUL
            ? "after its graceful snapshot"
            : "from its last checkpoint because worker " + old.getWorker() + " was lost";
    return "Moved from worker " + old.getWorker() + " to " + where + ", " + why;
  }

  private Plan noWorker(HandoffKind kind, String why) {
    status.setPhase(
        kind == null
            ? MeetingPhase.PENDING
            : kind == HandoffKind.GRACEFUL ? MeetingPhase.HANDING_OFF : MeetingPhase.RECOVERING);
    conditions.set(Conditions.PLACED, false, "NoWorkerAvailable", why);
    conditions.set(
        Conditions.READY,
        false,
        "NoWorkerAvailable",
        "The meeting has no process until a worker is available.");
    conditions.set(Conditions.DEGRADED, true, "NoWorkerAvailable", why);
    noteOnChange(Reason.NoWorkerAvailable, why);
    return plan(false, WAIT);
  }

  /** The hosting worker is shutting down: wait for its final snapshot, then move. */
  private Plan handOff(Placement.Worker worker) {
    AssignmentStatus assignment = status.getAssignment();
    if (!startedAtCurrentEpoch()) {
      // Nothing ran there yet, so the current snapshot is already the latest state.
      return place(HandoffKind.GRACEFUL);
    }
    Duration timeout = SpecDefaults.handoffTimeout(meeting.getSpec());
    Instant since = handoffStartedAt().orElse(now);
    Duration waited = Duration.between(since, now);
    if (waited.compareTo(timeout) >= 0) {
      notes.add(
          new Plan.Note(
              Reason.HandoffTimedOut,
              "Worker "
                  + worker.name()
                  + " wrote no final snapshot within "
                  + timeout.toSeconds()
                  + "s; resuming from the"
                  + " last checkpoint"));
      return place(HandoffKind.CRASH);
    }
    status.setPhase(MeetingPhase.HANDING_OFF);
    conditions.set(
        Conditions.READY,
        false,
        "HandingOff",
        "Worker "
            + worker.name()
            + " is shutting down; waiting up to "
            + timeout.toSeconds()
            + "s for its final snapshot.");
    noteOnChange(
        Reason.HandoffStarted,
        "Worker "
            + worker.name()
            + " is shutting down; waiting for the final snapshot of epoch "
            + assignment.getEpoch());
    return plan(false, timeout.minus(waited).plusMillis(100));
  }

  /**
   * Whether the process started under a Lease identity its worker no longer holds: the worker lost
   * its Lease (and so the process) and took it again, as a new holder with no meetings.
   */
  private boolean outlivedByItsWorker(Placement.Worker.Lease lease) {
    ProcessStatus process = status.getProcess();
    return process != null
        && process.getLease() != null
        && status.getAssignment().getEpoch().equals(process.getEpoch())
        && lease.holder() != null
        && !lease.holder().isEmpty()
        && !lease.holder().equals(process.getLease());
  }

  /** Whether the current placement's process wrote its Graceful snapshot and stopped. */
  private boolean handedOff() {
    SnapshotStatus snapshot = status.getSnapshot();
    return snapshot != null
        && snapshot.getKind() == SnapshotKind.GRACEFUL
        && status.getAssignment().getEpoch().equals(snapshot.getEpoch());
  }

  /** The meeting can move only once its worker's Lease is revoked; ask for that first. */
  private Plan revokeFirst(String worker) {
    return new Plan(StatusCopy.of(meeting.getStatus()), false, notes, WAIT, worker);
  }

  private Optional<Instant> handoffStartedAt() {
    return Conditions.find(status.getConditions(), Conditions.READY)
        .filter(c -> "HandingOff".equals(c.getReason()))
        .map(c -> Times.parse(c.getLastTransitionTime()));
  }

  /** The worker is healthy: report whether its process runs, and finish a pending move. */
  private Plan observeProcess() {
    AssignmentStatus assignment = status.getAssignment();
    if (!startedAtCurrentEpoch()) {
      waitForStart(assignment, pendingMoveKind());
      return plan(false, null);
    }
    status.setPhase(MeetingPhase.RUNNING);
    conditions.set(
        Conditions.PLACED,
        true,
        "Placed",
        "Placed on worker "
            + assignment.getWorker()
            + " (node "
            + assignment.getNode()
            + ") at epoch "
            + assignment.getEpoch()
            + ".");
    conditions.set(
        Conditions.READY,
        true,
        "Running",
        "The process runs on worker "
            + assignment.getWorker()
            + " at epoch "
            + assignment.getEpoch()
            + ".");
    reportProcessHealth(status.getProcess().getLastError());
    completeMove(assignment);
    return plan(false, null);
  }

  /** Degraded tells what the process last failed to do, with an Event when that changes. */
  private void reportProcessHealth(ProcessError error) {
    if (error == null) {
      conditions.set(Conditions.DEGRADED, false, "AsExpected", "Nothing needs attention.");
      return;
    }
    conditions.set(Conditions.DEGRADED, true, error.getReason(), error.getMessage());
    String before =
        Conditions.find(
                meeting.getStatus() == null ? null : meeting.getStatus().getConditions(),
                Conditions.DEGRADED)
            .map(MeetingCondition::getReason)
            .orElse("");
    if (!before.equals(error.getReason())) {
      Reason reason =
          "SnapshotTooLarge".equals(error.getReason())
              ? Reason.SnapshotTooLarge
              : Reason.HookFailed;
      notes.add(new Plan.Note(reason, error.getMessage()));
    }
  }

  private void waitForStart(AssignmentStatus assignment, HandoffKind kind) {
    status.setPhase(
        kind == null
            ? MeetingPhase.PENDING
            : kind == HandoffKind.GRACEFUL ? MeetingPhase.HANDING_OFF : MeetingPhase.RECOVERING);
    conditions.set(
        Conditions.READY,
        false,
        "Starting",
        "Waiting for worker "
            + assignment.getWorker()
            + " to start the process at epoch "
            + assignment.getEpoch()
            + ".");
    conditions.set(
        Conditions.DEGRADED,
        kind == HandoffKind.CRASH,
        kind == HandoffKind.CRASH ? "Recovering" : "AsExpected",
        kind == HandoffKind.CRASH
            ? "Resuming from the last checkpoint; transcript after it may need resending."
            : "Nothing needs attention.");
  }

  private HandoffKind pendingMoveKind() {
    HandoffRecord last = status.getHandoffs() == null ? null : status.getHandoffs().getLast();
    boolean pending = last != null && last.getEpoch().equals(status.getAssignment().getEpoch());
    return pending ? last.getKind() : null;
  }

  /** Fills in the gap and what was recovered once the new process reported its start. */
  private void completeMove(AssignmentStatus assignment) {
    HandoffRecord last = status.getHandoffs() == null ? null : status.getHandoffs().getLast();
    if (last == null
        || !last.getEpoch().equals(assignment.getEpoch())
        || last.getGapMillis() != null) {
      return;
    }
    Instant started = Times.parse(status.getProcess().getStartedAt());
    SnapshotStatus snapshot = status.getSnapshot();
    Instant stoppedAt =
        last.getKind() == HandoffKind.GRACEFUL && snapshot != null
            ? Times.parse(snapshot.getTakenAt())
            : Times.parse(last.getAt());
    last.setGapMillis(Math.max(0, Duration.between(stoppedAt, started).toMillis()));
    last.setRecovered(recovery(last.getKind(), snapshot, started));
    Reason reason =
        last.getKind() == HandoffKind.GRACEFUL ? Reason.HandoffCompleted : Reason.Recovered;
    notes.add(
        new Plan.Note(
            reason,
            "Moved from worker "
                + last.getFrom()
                + " to "
                + last.getTo()
                + " at epoch "
                + last.getEpoch()
                + "; no process for "
                + last.getGapMillis()
                + " ms; "
                + last.getRecovered().getMessage()));
  }

  private static RecoveryRecord recovery(
      HandoffKind kind, SnapshotStatus snapshot, Instant started) {
    RecoveryRecord record = new RecoveryRecord();
    if (snapshot == null) {
      record.setLostMillis(0L);
      record.setMessage("no snapshot existed, so the meeting restarted from its beginning");
      return record;
    }
    Instant takenAt = Times.parse(snapshot.getTakenAt());
    long age = Math.max(0, Duration.between(takenAt, started).toMillis());
    record.setSnapshotKind(snapshot.getKind());
    record.setSnapshotTakenAt(snapshot.getTakenAt());
    record.setSnapshotAgeMillis(age);
    record.setAppliedSeq(snapshot.getAppliedSeq());
    boolean graceful = snapshot.getKind() == SnapshotKind.GRACEFUL && kind == HandoffKind.GRACEFUL;
    record.setLostMillis(graceful ? 0L : age);
    record.setMessage(
        graceful
            ? "resumed from the graceful snapshot: nothing lost"
            : "resumed from a checkpoint "
                + age
                + " ms old, up to transcript seq "
                + snapshot.getAppliedSeq()
                + "; later segments must be resent");
    return record;
  }

  private boolean startedAtCurrentEpoch() {
    ProcessStatus process = status.getProcess();
    return process != null && status.getAssignment().getEpoch().equals(process.getEpoch());
  }

  private Map<String, String> selector() {
    Map<String, String> selector =
        meeting.getSpec() == null ? null : meeting.getSpec().getWorkerSelector();
    return selector == null ? Map.of() : selector;
  }

  /** Adds an Event only when the Ready or Placed condition is about to change its reason. */
  private void noteOnChange(Reason reason, String message) {
    List<MeetingCondition> before =
        meeting.getStatus() == null ? null : meeting.getStatus().getConditions();
    boolean same =
        Conditions.find(before, Conditions.READY)
                .map(MeetingCondition::getReason)
                .equals(
                    Conditions.find(conditions.list(), Conditions.READY)
                        .map(MeetingCondition::getReason))
            && Conditions.find(before, Conditions.PLACED)
                .map(MeetingCondition::getReason)
                .equals(
                    Conditions.find(conditions.list(), Conditions.PLACED)
                        .map(MeetingCondition::getReason));
    if (!same) {
      notes.add(new Plan.Note(reason, message));
    }
  }

  private Plan plan(boolean placement, Duration requeue) {
    status.setConditions(conditions.list());
    return new Plan(status, placement, notes, requeue);
  }
}
