package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a process resumed from after a move, and how much of the meeting may be lost. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoveryRecord {

  @JsonPropertyDescription("Kind of the snapshot the new process resumed from.")
  private SnapshotKind snapshotKind;

  @JsonPropertyDescription("When that snapshot was taken, in RFC 3339.")
  private String snapshotTakenAt;

  @JsonPropertyDescription("Age of that snapshot in milliseconds when the new process resumed.")
  private Long snapshotAgeMillis;

  @JsonPropertyDescription("Highest transcript sequence number the new process resumed with.")
  private Long appliedSeq;

  @JsonPropertyDescription(
      "Milliseconds of meeting time after the snapshot whose transcript may be lost and must be"
          + " resent; 0 after a graceful handoff.")
  private Long lostMillis;

  @JsonPropertyDescription("The recovery in one sentence.")
  private String message;

  public SnapshotKind getSnapshotKind() {
    return snapshotKind;
  }

  public void setSnapshotKind(SnapshotKind snapshotKind) {
    this.snapshotKind = snapshotKind;
  }

  public String getSnapshotTakenAt() {
    return snapshotTakenAt;
  }

  public void setSnapshotTakenAt(String snapshotTakenAt) {
    this.snapshotTakenAt = snapshotTakenAt;
  }

  public Long getSnapshotAgeMillis() {
    return snapshotAgeMillis;
  }

  public void setSnapshotAgeMillis(Long snapshotAgeMillis) {
    this.snapshotAgeMillis = snapshotAgeMillis;
  }

  public Long getAppliedSeq() {
    return appliedSeq;
  }

  public void setAppliedSeq(Long appliedSeq) {
    this.appliedSeq = appliedSeq;
  }

  public Long getLostMillis() {
    return lostMillis;
  }

  public void setLostMillis(Long lostMillis) {
    this.lostMillis = lostMillis;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
