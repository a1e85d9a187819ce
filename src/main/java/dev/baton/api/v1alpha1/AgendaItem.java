package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One item of a meeting's agenda: a topic and the minutes it is given. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgendaItem {

  @Required
  @Size(min = 1, max = 200)
  @JsonPropertyDescription("Topic of the agenda item, 1 to 200 characters.")
  private String title;

  @Required
  @Min(1)
  @Max(600)
  @JsonPropertyDescription("Minutes given to the item, 1 to 600.")
  private Integer minutes;

  public AgendaItem() {}

  public AgendaItem(String title, int minutes) {
    this.title = title;
    this.minutes = minutes;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public Integer getMinutes() {
    return minutes;
  }

  public void setMinutes(Integer minutes) {
    this.minutes = minutes;
  }
}
