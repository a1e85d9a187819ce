package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a meeting is in its life, as shown in the Phase column. */
public enum MeetingPhase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Running")
  RUNNING,
  @JsonProperty("HandingOff")
  HANDING_OFF,
  @JsonProperty("Recovering")
  RECOVERING,
  @JsonProperty("Ended")
  ENDED,
  @JsonProperty("Failed")
  FAILED
}
