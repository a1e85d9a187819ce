package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many times a meeting moved between workers, and the latest move. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HandoffsStatus {

  @JsonPropertyDescription("Number of times the meeting moved from one worker to another.")
  private Long count;

  @JsonPropertyDescription("The latest move.")
  private HandoffRecord last;

  public Long getCount() {
    return count;
  }

  public void setCount(Long count) {
    this.count = count;
  }

  public HandoffRecord getLast() {
    return last;
  }

  public void setLast(HandoffRecord last) {
    this.last = last;
  }
}
