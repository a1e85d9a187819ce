package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How often a meeting's process state is saved into the Meeting's status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointSpec {

  @Size(max = SchemaRules.DURATION_MAX_LENGTH)
  @ValidationRule(
      value = SchemaRules.IS_DURATION,
      message =
          "spec.checkpoint.interval must be a duration such as 10s or 1m"
              + SchemaRules.DURATION_UNITS)
  @ValidationRule(
      value =
          SchemaRules.NOT_DURATION_OR
              + "(duration(self) >= duration('1s') && duration(self) <= duration('10m'))",
      message = "spec.checkpoint.interval must be between 1s and 10m")
  @JsonPropertyDescription(
      "Time between two checkpoints of the meeting's state, between 1s and 10m; 10s when"
          + " absent. After a crash, at most about this much of the transcript is lost.")
  private String interval;

  public CheckpointSpec() {}

  public CheckpointSpec(String interval) {
    this.interval = interval;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }
}
