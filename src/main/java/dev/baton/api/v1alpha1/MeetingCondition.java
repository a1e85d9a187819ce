package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One observed aspect of a meeting, in the standard Kubernetes condition form. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeetingCondition {

  @JsonPropertyDescription("Kind of condition: Placed, Ready or Degraded.")
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  private String status;

  @JsonPropertyDescription("Why the condition has this status, as one CamelCase word.")
  private String reason;

  @JsonPropertyDescription("What the status means and, when it is bad, what to do about it.")
  private String message;

  @JsonPropertyDescription("When the status last changed, in RFC 3339.")
  private String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation the condition was set for.")
  private Long observedGeneration;

  public MeetingCondition() {}

  public MeetingCondition(String type, String status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
