package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What Baton observed and did for a meeting; written only by Baton. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeetingStatus {

  @JsonPropertyDescription(
      "Where the meeting is in its life: Pending, Running, HandingOff, Recovering, Ended or"
          + " Failed.")
  private MeetingPhase phase;

  @JsonPropertyDescription("The metadata.generation of the spec this status reflects.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Current conditions of the meeting, at least Placed, Ready and Degraded, each with a"
          + " reason and a message.")
  private List<MeetingCondition> conditions;

  @JsonPropertyDescription("The worker that hosts the meeting now, and the epoch of placement.")
  private AssignmentStatus assignment;

  @JsonPropertyDescription(
      "The last saved state of the meeting's process, from which the next worker resumes.")
  private SnapshotStatus snapshot;

  @JsonPropertyDescription(
      "The process that runs the meeting now: its worker, epoch and start time, as the worker"
          + " reported them.")
  private ProcessStatus process;

  @JsonPropertyDescription("How often the meeting moved between workers, and its last move.")
  private HandoffsStatus handoffs;

  @JsonPropertyDescription("What happened in the meeting; set once it has ended.")
  private MeetingSummary summary;

  @JsonPropertyDescription("When the meeting ended, in RFC 3339.")
  private String endedAt;

  public MeetingPhase getPhase() {
    return phase;
  }

  public void setPhase(MeetingPhase phase) {
    this.phase = phase;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<MeetingCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<MeetingCondition> conditions) {
    this.conditions = conditions;
  }

  public AssignmentStatus getAssignment() {
    return assignment;
  }

  public void setAssignment(AssignmentStatus assignment) {
    this.assignment = assignment;
  }

  public SnapshotStatus getSnapshot() {
    return snapshot;
  }

  public void setSnapshot(SnapshotStatus snapshot) {
    this.snapshot = snapshot;
  }

  public HandoffsStatus getHandoffs() {
    return handoffs;
  }

  public void setHandoffs(HandoffsStatus handoffs) {
    this.handoffs = handoffs;
  }

  public MeetingSummary getSummary() {
    return summary;
  }

  public void setSummary(MeetingSummary summary) {
    this.summary = summary;
  }

  public String getEndedAt() {
    return endedAt;
  }

  public void setEndedAt(String endedAt) {
    this.endedAt = endedAt;
  }

  public ProcessStatus getProcess() {
    return process;
  }

  public void setProcess(ProcessStatus process) {
    this.process = process;
  }
}
