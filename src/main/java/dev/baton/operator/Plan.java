package dev.baton.operator;

import dev.baton.api.v1alpha1.MeetingStatus;
import dev.baton.operator.MeetingEvents.Reason;
import java.time.Duration;
import java.util.List;

/**
 * A planner's decision: the status to write, whether it places the meeting (and so must not race
 * with another write), the Events to record once it is written, when to look again, and which
 * worker's Lease must be revoked before the meeting can move.
 */
record Plan(
    MeetingStatus status, boolean placement, List<Note> notes, Duration requeue, String revoke) {

  Plan(MeetingStatus status, boolean placement, List<Note> notes, Duration requeue) {
    this(status, placement, notes, requeue, null);
  }

  /** An Event to record. */
  record Note(Reason reason, String message) {}
}
