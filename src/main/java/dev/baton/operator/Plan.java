package dev.baton.operator;

import dev.baton.api.v1alpha1.MeetingStatus;
import dev.baton.operator.MeetingEvents.Reason;
import java.time.Duration;
import java.util.List;

/**
 * A planner's decision: the status to write, whether it places the meeting (and so must not race
 * with another write), the Events to record once it is written, and when to look again.
 */
record Plan(MeetingStatus status, boolean placement, List<Note> notes, Duration requeue) {

  /** An Event to record. */
  record Note(Reason reason, String message) {}
}
