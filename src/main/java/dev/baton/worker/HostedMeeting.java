package dev.baton.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.SpecDefaults;
import dev.baton.process.MeetingContext;
import dev.baton.process.MeetingProcess;
import java.time.Duration;
import java.time.Instant;

/**
 * One meeting process hosted by this worker at one epoch, with what was last saved of it. Its
 * monitor serialises everything done to the process and its status.
 */
final class HostedMeeting {

  final MeetingContext context;
  final long epoch;
  final MeetingProcess process;
  private long snapshotSeq;
  private long checkpointedSeq;
  private boolean hasSnapshot;
  private ObjectNode lastSaved;
  private Instant lastSavedAt;
  private boolean stopped;
  private String lastErrorReason;
  private boolean ending;
  final Object hookLock = new Object();
  final java.util.concurrent.locks.ReentrantLock endLock =
      new java.util.concurrent.locks.ReentrantLock();
  private boolean frozen;
  private boolean suspended;
  // Read by the metrics scrape without the monitor, which a status write in flight may hold.
  private volatile Instant unsavedSince;

  HostedMeeting(
      MeetingContext context,
      long epoch,
      MeetingProcess process,
      long snapshotSeq,
      long checkpointedSeq,
      boolean hasSnapshot,
      Instant now) {
    this.context = context;
    this.epoch = epoch;
    this.process = process;
    this.snapshotSeq = snapshotSeq;
    this.checkpointedSeq = checkpointedSeq;
    this.hasSnapshot = hasSnapshot;
    this.lastSaved = hasSnapshot ? process.snapshot() : null;
    this.lastSavedAt = now;
  }

  String key() {
    return context.namespace() + "/" + context.name();
  }

  /** Whether the periodic checkpoint is due and the state changed since the last one. */
  synchronized boolean checkpointDue(Instant now) {
    Duration interval = SpecDefaults.checkpointInterval(context.spec());
    return !stopped
        && Duration.between(lastSavedAt, now).compareTo(interval) >= 0
        && !process.snapshot().equals(lastSaved);
  }

  synchronized long nextSnapshotSeq() {
    return snapshotSeq + 1;
  }

  /** Records a snapshot the API server accepted. */
  synchronized void saved(long seq, ObjectNode state, long appliedSeq, Instant at) {
    snapshotSeq = seq;
    lastSaved = state;
    checkpointedSeq = appliedSeq;
    lastSavedAt = at;
    hasSnapshot = true;
    // The caller holds the monitor from taking the state to here, so nothing applied since.
    unsavedSince = null;
  }

  /** Notes that transcript was applied at {@code at}, which the next snapshot will carry. */
  synchronized void applied(Instant at) {
    if (unsavedSince == null) {
      unsavedSince = at;
    }
  }

  /** When the oldest transcript not yet in a snapshot was applied; null when there is none. */
  Instant unsavedSince() {
    return unsavedSince;
  }

  /** Number of the last snapshot written; grows by one with every snapshot of the meeting. */
  synchronized long snapshotSeq() {
    return snapshotSeq;
  }

  synchronized long checkpointedSeq() {
    return checkpointedSeq;
  }

  synchronized boolean hasSnapshot() {
    return hasSnapshot;
  }

  /** Marks the meeting as ending: no more transcript, and the end is retried until written. */
  synchronized void markEnding() {
    ending = true;
    frozen = true;
  }

  synchronized boolean ending() {
    return ending && !stopped;
  }

  /** Stops taking transcript: the state must not change after the final snapshot. */
  synchronized void freeze() {
    frozen = true;
  }

  synchronized boolean acceptsWrites() {
    return !frozen && !stopped && !suspended;
  }

  /** Suspends the process while the worker cannot prove it still owns its meetings. */
  synchronized void suspend(boolean value) {
    suspended = value;
  }

  /** Whether {@code reason} differs from the error reported last, so it is worth a write. */
  synchronized boolean newError(String reason) {
    boolean changed = !reason.equals(lastErrorReason);
    lastErrorReason = reason;
    return changed;
  }

  synchronized void stop() {
    stopped = true;
  }

  synchronized boolean stopped() {
    return stopped;
  }
}
