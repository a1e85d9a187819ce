package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The process that runs a meeting now, as reported by the worker that started it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProcessStatus {

  @JsonPropertyDescription("Worker pod that started the process.")
  private String worker;

  @JsonPropertyDescription("Epoch of the assignment the process was started for.")
  private Long epoch;

  @JsonPropertyDescription("When the process started or resumed, in RFC 3339 with milliseconds.")
  private String startedAt;

  @JsonPropertyDescription(
      "Kind of the snapshot the process resumed from (Graceful or Checkpoint); absent for a new"
          + " meeting.")
  private SnapshotKind resumedFrom;

  @JsonPropertyDescription(
      "Holder identity of the worker's Lease when the process started. A worker that lost its"
          + " Lease and took it again holds it under a new identity, so the operator knows this"
          + " process is gone.")
  private String lease;

  @JsonPropertyDescription(
      "The last thing the process could not do (a hook that kept failing, a snapshot over the"
          + " size limit); cleared when the process starts again.")
  private ProcessError lastError;

  public ProcessStatus() {}

  public ProcessStatus(String worker, Long epoch, String startedAt, SnapshotKind resumedFrom) {
    this.worker = worker;
    this.epoch = epoch;
    this.startedAt = startedAt;
    this.resumedFrom = resumedFrom;
  }

  public String getWorker() {
    return worker;
  }

  public void setWorker(String worker) {
    this.worker = worker;
  }

  public Long getEpoch() {
    return epoch;
  }

  public void setEpoch(Long epoch) {
    this.epoch = epoch;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public SnapshotKind getResumedFrom() {
    return resumedFrom;
  }

  public void setResumedFrom(SnapshotKind resumedFrom) {
    this.resumedFrom = resumedFrom;
  }

  public ProcessError getLastError() {
    return lastError;
  }

  public void setLastError(ProcessError lastError) {
    this.lastError = lastError;
  }

  public String getLease() {
    return lease;
  }

  public void setLease(String lease) {
    this.lease = lease;
  }
}
