package dev.baton.operator;

import dev.baton.api.Times;
import dev.baton.api.v1alpha1.HandoffKind;
import dev.baton.api.v1alpha1.HandoffRecord;
import dev.baton.api.v1alpha1.MeetingStatus;
import dev.baton.operator.MeetingEvents.Reason;
import java.time.Duration;
import java.time.Instant;

/**
 * What a written plan tells the operator's metrics: whether it placed the meeting, which move it
 * started, and the figures of a move it completed. Pure: read from the plan alone.
 *
 * @param placed the plan wrote a new assignment
 * @param moveStarted the kind of move that assignment starts, or null for a new meeting
 * @param moveCompleted the kind of move whose new process reported its start, or null
 * @param gap how long the completed move left the meeting without a process
 * @param recovery after a crash, from the lost worker's last heartbeat to the new process's start;
 *     null when no heartbeat was known or the move was graceful
 */
record MoveFigures(
    boolean placed,
    HandoffKind moveStarted,
    HandoffKind moveCompleted,
    Duration gap,
    Duration recovery) {

  static MoveFigures of(Plan plan) {
    MeetingStatus status = plan.status();
    HandoffRecord last = status.getHandoffs() == null ? null : status.getHandoffs().getLast();
    boolean placed = plan.placement() && hasNote(plan, Reason.Placed);
    HandoffKind started = placed && isCurrent(last, status) ? last.getKind() : null;
    boolean completed =
        last != null
            && last.getGapMillis() != null
            && (hasNote(plan, Reason.HandoffCompleted) || hasNote(plan, Reason.Recovered));
    if (!completed) {
      return new MoveFigures(placed, started, null, null, null);
    }
    return new MoveFigures(
        placed,
        started,
        last.getKind(),
        Duration.ofMillis(last.getGapMillis()),
        recovery(last, status));
  }

  private static Duration recovery(HandoffRecord move, MeetingStatus status) {
    if (move.getKind() != HandoffKind.CRASH
        || move.getLastHeartbeat() == null
        || status.getProcess() == null
        || status.getProcess().getStartedAt() == null) {
      return null;
    }
    Instant lost = Times.parse(move.getLastHeartbeat());
    Instant running = Times.parse(status.getProcess().getStartedAt());
    Duration recovery = Duration.between(lost, running);
    return recovery.isNegative() ? Duration.ZERO : recovery;
  }

  /** Whether {@code move} is the one that led to the current assignment, still in progress. */
  private static boolean isCurrent(HandoffRecord move, MeetingStatus status) {
    return move != null
        && move.getGapMillis() == null
        && status.getAssignment() != null
        && move.getEpoch().equals(status.getAssignment().getEpoch());
  }

  private static boolean hasNote(Plan plan, Reason reason) {
    return plan.notes().stream().anyMatch(note -> note.reason() == reason);
  }
}
