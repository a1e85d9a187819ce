package dev.baton.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.v1alpha1.MeetingSummary;
import java.time.Instant;
import java.util.List;

/**
 * A meeting's live process, hosted by a worker that feeds it events and saves its snapshots.
 *
 * <p>The worker creates one instance per meeting and per placement, calls {@link #start} once, then
 * any of the other methods, possibly from several threads; implementations guard their own state.
 * Time is always passed in, so an implementation never reads a clock of its own. A snapshot taken
 * at any moment must be enough for another instance, on another worker, to carry on as if nothing
 * happened: {@code start(snapshot())} followed by {@code snapshot()} gives an equal JSON.
 */
public interface MeetingProcess {

  /**
   * Starts a new meeting from an empty snapshot, or resumes one from {@code snapshot}.
   *
   * @param snapshot a state written by {@link #snapshot()}; null or empty for a new meeting
   * @throws IllegalArgumentException if the snapshot cannot be read by this implementation
   */
  void start(MeetingContext meeting, ObjectNode snapshot, Instant now);

  /**
   * Applies one event: a transcript segment, a clock tick or a change of the spec.
   *
   * @throws IllegalArgumentException if a transcript segment's sequence number is below 1
   */
  EventResult handle(MeetingEvent event, Instant now);

  /**
   * Whether the meeting is over: {@code spec.ended} is set, {@code spec.maxDuration} has passed, or
   * {@link #end} was called. The worker then calls {@link #end}.
   */
  boolean shouldEnd(Instant now);

  /**
   * Ends the meeting, refusing transcript from then on, and returns its summary. Calling it again
   * returns the same summary; so does calling it on a process resumed from an ended snapshot.
   */
  MeetingSummary end(Instant now);

  /** The state as JSON, enough to resume from; it stays bounded in size. */
  ObjectNode snapshot();

  /** The live state for the meeting HTTP API, as of {@code now}. */
  ObjectNode query(Instant now);

  /** Highest transcript sequence number applied so far; 0 before the first one. */
  long appliedSeq();

  /**
   * Hooks that are due and not yet acknowledged, in the order to call them. A hook stays due, with
   * the same idempotency key, until {@link #hookCalled} records it.
   */
  List<HookCall> dueHooks();

  /** Records that {@code hook} succeeded, so that no worker calls it again. */
  void hookCalled(Hook hook);

  /** Size of the snapshot in bytes, as compact JSON. */
  default int stateSizeBytes() {
    return SnapshotCodec.sizeOf(snapshot());
  }
}
