package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/** A saved state of a meeting's process, written by the worker that owns the meeting. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotStatus {

  @JsonPropertyDescription("Epoch of the assignment under which the snapshot was written.")
  private Long epoch;

  @JsonPropertyDescription(
      "Why it was taken: Graceful when the worker shut down and handed the meeting over,"
          + " Checkpoint when it was the periodic save.")
  private SnapshotKind kind;

  @JsonPropertyDescription("When the snapshot was taken, in RFC 3339.")
  private String takenAt;

  @JsonPropertyDescription(
      "Number of the snapshot; each new snapshot of the meeting has a higher one.")
  private Long seq;

  @JsonPropertyDescription("Highest transcript sequence number included in the state.")
  private Long appliedSeq;

  @JsonPropertyDescription("Size of the state in bytes, as compact JSON.")
  private Integer sizeBytes;

  @PreserveUnknownFields
  @JsonPropertyDescription(
      "The process's own state as JSON; its shape belongs to the process implementation and is"
          + " bounded in size.")
  private JsonNode state;

  public Long getEpoch() {
    return epoch;
  }

  public void setEpoch(Long epoch) {
    this.epoch = epoch;
  }

  public SnapshotKind getKind() {
    return kind;
  }

  public void setKind(SnapshotKind kind) {
    this.kind = kind;
  }

  public String getTakenAt() {
    return takenAt;
  }

  public void setTakenAt(String takenAt) {
    this.takenAt = takenAt;
  }

  public Long getSeq() {
    return seq;
  }

  public void setSeq(Long seq) {
    this.seq = seq;
  }

  public Long getAppliedSeq() {
    return appliedSeq;
  }

  public void setAppliedSeq(Long appliedSeq) {
    this.appliedSeq = appliedSeq;
  }

  public Integer getSizeBytes() {
    return sizeBytes;
  }

  public void setSizeBytes(Integer sizeBytes) {
    this.sizeBytes = sizeBytes;
  }

  public JsonNode getState() {
    return state;
  }

  public void setState(JsonNode state) {
    this.state = state;
  }
}
