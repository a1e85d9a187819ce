package dev.baton.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.Times;
import dev.baton.api.v1alpha1.MeetingSummary;
import dev.baton.api.v1alpha1.ProcessError;
import dev.baton.api.v1alpha1.ProcessStatus;
import dev.baton.api.v1alpha1.SnapshotKind;
import dev.baton.api.v1alpha1.SnapshotStatus;
import dev.baton.process.SnapshotCodec;
import java.time.Instant;

/** Saves a hosted meeting into its status: its start, its snapshots and its end. */
final class SnapshotWriter {

  private final FencedWriter writer;
  private final String worker;
  private final int maxSnapshotBytes;
  private final WorkerMetrics metrics;

  SnapshotWriter(FencedWriter writer, String worker, int maxSnapshotBytes, WorkerMetrics metrics) {
    this.writer = writer;
    this.worker = worker;
    this.maxSnapshotBytes = maxSnapshotBytes;
    this.metrics = metrics;
  }

  /** Reports that the process runs here at its epoch. */
  void started(HostedMeeting meeting, SnapshotKind resumedFrom, String lease, Instant at)
      throws Fenced {
    ProcessStatus process = new ProcessStatus(worker, meeting.epoch, Times.millis(at), resumedFrom);
    process.setLease(lease);
    patch(meeting).set("process", process).send();
  }

  /**
   * Writes the process's state as a snapshot of {@code kind}.
   *
   * @throws dev.baton.process.SnapshotTooLargeException when the state exceeds the bound; nothing
   *     is written then, and the last snapshot stays
   */
  void save(HostedMeeting meeting, SnapshotKind kind, Instant at) throws Fenced {
    synchronized (meeting) {
      ObjectNode state = meeting.process.snapshot();
      int size = SnapshotCodec.encode(state, maxSnapshotBytes).length;
      long seq = meeting.nextSnapshotSeq();
      long appliedSeq = meeting.process.appliedSeq();
      SnapshotStatus snapshot = new SnapshotStatus();
      snapshot.setEpoch(meeting.epoch);
      snapshot.setKind(kind);
      snapshot.setTakenAt(Times.millis(at));
      snapshot.setSeq(seq);
      snapshot.setAppliedSeq(appliedSeq);
      snapshot.setSizeBytes(size);
      snapshot.setState(state);
      patch(meeting).set("snapshot", snapshot).send();
      meeting.saved(seq, state, appliedSeq, at);
      metrics.snapshotWritten(kind, size);
    }
  }

  /** Reports what the process could not do, for the operator to turn into a condition. */
  void failed(HostedMeeting meeting, String reason, String message, Instant at) throws Fenced {
    ProcessError error = new ProcessError(reason, message, Times.seconds(at));
    patch(meeting).set("process/lastError", error).send();
  }

  /** Writes the summary and clears the snapshot: the meeting is over. */
  void ended(HostedMeeting meeting, MeetingSummary summary, Instant at) throws Fenced {
    FencedWriter.Patch patch =
        patch(meeting).set("summary", summary).set("endedAt", Times.seconds(at));
    if (meeting.hasSnapshot()) {
      patch.remove("snapshot");
    }
    patch.send();
  }

  private FencedWriter.Patch patch(HostedMeeting meeting) {
    return writer.patch(meeting.context.namespace(), meeting.context.name(), meeting.epoch);
  }
}
