package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** What a user asks of a meeting; written only by users and GitOps, never by Baton. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(oldSelf.ended) || !oldSelf.ended || (has(self.ended) && self.ended)",
    fieldPath = ".ended",
    reason = "FieldValueForbidden",
    message = "spec.ended cannot be set back to false or removed once the meeting has ended")
public class MeetingSpec {

  @Required
  @Size(min = 1, max = 200)
  @JsonPropertyDescription("Title of the meeting, 1 to 200 characters.")
  private String title;

  @Required
  @Size(min = 1, max = 100)
  @JsonPropertyDescription(
      "Agenda items in order, 1 to 100. The meeting follows them against its own clock: each"
          + " item takes its minutes, and time past the last item counts as overrun.")
  private List<AgendaItem> agenda;

  @Size(max = 50)
  @JsonPropertyDescription(
      "Words or phrases to count in the transcript, case-insensitively and as whole words; at"
          + " most 50, each 1 to 64 characters.")
  private List<@Size(min = 1, max = 64) String> keywords;

  @Size(max = SchemaRules.DURATION_MAX_LENGTH)
  @ValidationRule(
      value = SchemaRules.IS_DURATION,
      message =
          "spec.maxDuration must be a duration such as 45m or 1h30m" + SchemaRules.DURATION_UNITS)
  @ValidationRule(
      value =
          SchemaRules.NOT_DURATION_OR
              + "(duration(self) >= duration('1m') && duration(self) <= duration('24h'))",
      message = "spec.maxDuration must be between 1m and 24h")
  @JsonPropertyDescription(
      "The meeting ends by itself this long after it started, for example 1h30m; between 1m and"
          + " 24h. Without it the meeting runs until spec.ended is set or it is deleted.")
  private String maxDuration;

  @JsonPropertyDescription(
      "Set to true to end the meeting. Once true it cannot be set back to false or removed.")
  private Boolean ended;

  @JsonPropertyDescription(
      "URLs that Baton calls once when the meeting starts and once when it ends.")
  private HooksSpec hooks;

  @JsonPropertyDescription("How often the meeting's state is saved into its status.")
  private CheckpointSpec checkpoint;

  @JsonPropertyDescription("How requests are held while the meeting moves between workers.")
  private HandoffSpec handoff;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Labels a worker pod must carry to host this meeting, as label name to value; at most 20."
          + " Empty or absent means any worker.")
  private Map<String, String> workerSelector;

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public List<AgendaItem> getAgenda() {
    return agenda;
  }

  public void setAgenda(List<AgendaItem> agenda) {
    this.agenda = agenda;
  }

  public List<String> getKeywords() {
    return keywords;
  }

  public void setKeywords(List<String> keywords) {
    this.keywords = keywords;
  }

  public String getMaxDuration() {
    return maxDuration;
  }

  public void setMaxDuration(String maxDuration) {
    this.maxDuration = maxDuration;
  }

  public Boolean getEnded() {
    return ended;
  }

  public void setEnded(Boolean ended) {
    this.ended = ended;
  }

  public HooksSpec getHooks() {
    return hooks;
  }

  public void setHooks(HooksSpec hooks) {
    this.hooks = hooks;
  }

  public CheckpointSpec getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(CheckpointSpec checkpoint) {
    this.checkpoint = checkpoint;
  }

  public HandoffSpec getHandoff() {
    return handoff;
  }

  public void setHandoff(HandoffSpec handoff) {
    this.handoff = handoff;
  }

  public Map<String, String> getWorkerSelector() {
    return workerSelector;
  }

  public void setWorkerSelector(Map<String, String> workerSelector) {
    this.workerSelector = workerSelector;
  }
}
