package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How long requests to a meeting are held while it moves to another worker. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HandoffSpec {

  @Size(max = SchemaRules.DURATION_MAX_LENGTH)
  @ValidationRule(
      value = SchemaRules.IS_DURATION,
      message =
          "spec.handoff.timeout must be a duration such as 30s or 2m" + SchemaRules.DURATION_UNITS)
  @ValidationRule(
      value =
          SchemaRules.NOT_DURATION_OR
              + "(duration(self) >= duration('1s') && duration(self) <= duration('10m'))",
      message = "spec.handoff.timeout must be between 1s and 10m")
  @JsonPropertyDescription(
      "How long a request is held while the meeting moves between workers before it is"
          + " answered 503 with Retry-After, between 1s and 10m; 30s when absent.")
  private String timeout;

  public HandoffSpec() {}

  public HandoffSpec(String timeout) {
    this.timeout = timeout;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }
}
