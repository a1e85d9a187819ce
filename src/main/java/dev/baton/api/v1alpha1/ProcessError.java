package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Something the meeting's process could not do, as its worker reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProcessError {

  @JsonPropertyDescription("What failed, as one CamelCase word: HookFailed or SnapshotTooLarge.")
  private String reason;

  @JsonPropertyDescription("What failed and what to do about it.")
  private String message;

  @JsonPropertyDescription("When it failed, in RFC 3339.")
  private String at;

  public ProcessError() {}

  public ProcessError(String reason, String message, String at) {
    this.reason = reason;
    this.message = message;
    this.at = at;
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

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }
}
