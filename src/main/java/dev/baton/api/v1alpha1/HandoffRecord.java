package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One move of a meeting from a worker to another. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HandoffRecord {

  @JsonPropertyDescription("Worker pod the meeting left.")
  private String from;

  @JsonPropertyDescription("Worker pod the meeting moved to.")
  private String to;

  @JsonPropertyDescription(
      "Graceful when the old worker shut down and handed over a final snapshot, Crash when it"
          + " died or lost contact and the meeting resumed from its last checkpoint.")
  private HandoffKind kind;

  @JsonPropertyDescription("Epoch of the new placement.")
  private Long epoch;

  @JsonPropertyDescription("When the move was decided, in RFC 3339.")
  private String at;

  @JsonPropertyDescription(
      "After a crash, when the old worker was last known alive (the last renewal of its Lease"
          + " that the operator saw), in RFC 3339; the gap of a crash counts from there.")
  private String lastHeartbeat;

  @JsonPropertyDescription(
      "Milliseconds during which no process ran the meeting: from the graceful snapshot, or"
          + " after a crash from the old worker's last heartbeat, to the new process's start.")
  private Long gapMillis;

  @JsonPropertyDescription("What the new process resumed from, and what may have been lost.")
  private RecoveryRecord recovered;

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public HandoffKind getKind() {
    return kind;
  }

  public void setKind(HandoffKind kind) {
    this.kind = kind;
  }

  public Long getEpoch() {
    return epoch;
  }

  public void setEpoch(Long epoch) {
    this.epoch = epoch;
  }

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public Long getGapMillis() {
    return gapMillis;
  }

  public void setGapMillis(Long gapMillis) {
    this.gapMillis = gapMillis;
  }

  public RecoveryRecord getRecovered() {
    return recovered;
  }

  public void setRecovered(RecoveryRecord recovered) {
    this.recovered = recovered;
  }

  public String getLastHeartbeat() {
    return lastHeartbeat;
  }

  public void setLastHeartbeat(String lastHeartbeat) {
    this.lastHeartbeat = lastHeartbeat;
  }
}
