package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The URLs called when a meeting starts and ends. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HooksSpec {

  @Size(max = SchemaRules.URL_MAX_LENGTH)
  @ValidationRule(
      value = SchemaRules.IS_HTTP_URL,
      message = "spec.hooks.onStart must be an http:// or https:// URL with a host")
  @JsonPropertyDescription(
      "URL that receives a POST once when the meeting starts. The request carries an"
          + " Idempotency-Key header that stays the same on every retry.")
  private String onStart;

  @Size(max = SchemaRules.URL_MAX_LENGTH)
  @ValidationRule(
      value = SchemaRules.IS_HTTP_URL,
      message = "spec.hooks.onEnd must be an http:// or https:// URL with a host")
  @JsonPropertyDescription(
      "URL that receives a POST with the summary once when the meeting ends. The request"
          + " carries an Idempotency-Key header that stays the same on every retry.")
  private String onEnd;

  public HooksSpec() {}

  public HooksSpec(String onStart, String onEnd) {
    this.onStart = onStart;
    this.onEnd = onEnd;
  }

  public String getOnStart() {
    return onStart;
  }

  public void setOnStart(String onStart) {
    this.onStart = onStart;
  }

  public String getOnEnd() {
    return onEnd;
  }

  public void setOnEnd(String onEnd) {
    this.onEnd = onEnd;
  }
}
