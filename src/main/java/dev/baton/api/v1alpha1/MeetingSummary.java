package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** What happened in a meeting, written once it has ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeetingSummary {

  @JsonPropertyDescription("When the meeting started, in RFC 3339.")
  private String startedAt;

  @JsonPropertyDescription("When the meeting ended, in RFC 3339.")
  private String endedAt;

  @JsonPropertyDescription("How long the meeting lasted, for example 1h32m10s.")
  private String duration;

  @JsonPropertyDescription("How long the meeting lasted, in whole seconds.")
  private Long durationSeconds;

  @JsonPropertyDescription(
      "Why it ended: Requested (spec.ended was set), MaxDuration (spec.maxDuration passed) or"
          + " Stopped (Baton stopped it, for example because the Meeting was deleted).")
  private String endReason;

  @JsonPropertyDescription("Words spoken per speaker.")
  private Map<String, Long> wordsBySpeaker;

  @JsonPropertyDescription(
      "Words spoken by speakers beyond the first 200, who are not counted one by one.")
  private Long otherSpeakersWords;

  @JsonPropertyDescription("Occurrences of each of spec.keywords in the transcript.")
  private Map<String, Long> keywordHits;

  @JsonPropertyDescription("Transcript segments applied.")
  private Long segments;

  @JsonPropertyDescription("Number of agenda items the meeting reached.")
  private Integer agendaItemsCovered;

  @JsonPropertyDescription("Number of agenda items in spec.agenda.")
  private Integer agendaItems;

  @JsonPropertyDescription("Seconds the meeting ran past the end of its last agenda item.")
  private Long overrunSeconds;

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getEndedAt() {
    return endedAt;
  }

  public void setEndedAt(String endedAt) {
    this.endedAt = endedAt;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public Long getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Long durationSeconds) {
    this.durationSeconds = durationSeconds;
  }

  public String getEndReason() {
    return endReason;
  }

  public void setEndReason(String endReason) {
    this.endReason = endReason;
  }

  public Map<String, Long> getWordsBySpeaker() {
    return wordsBySpeaker;
  }

  public void setWordsBySpeaker(Map<String, Long> wordsBySpeaker) {
    this.wordsBySpeaker = wordsBySpeaker;
  }

  public Long getOtherSpeakersWords() {
    return otherSpeakersWords;
  }

  public void setOtherSpeakersWords(Long otherSpeakersWords) {
    this.otherSpeakersWords = otherSpeakersWords;
  }

  public Map<String, Long> getKeywordHits() {
    return keywordHits;
  }

  public void setKeywordHits(Map<String, Long> keywordHits) {
    this.keywordHits = keywordHits;
  }

  public Long getSegments() {
    return segments;
  }

  public void setSegments(Long segments) {
    this.segments = segments;
  }

  public Integer getAgendaItemsCovered() {
    return agendaItemsCovered;
  }

  public void setAgendaItemsCovered(Integer agendaItemsCovered) {
    this.agendaItemsCovered = agendaItemsCovered;
  }

  public Integer getAgendaItems() {
    return agendaItems;
  }

  public void setAgendaItems(Integer agendaItems) {
    this.agendaItems = agendaItems;
  }

  public Long getOverrunSeconds() {
    return overrunSeconds;
  }

  public void setOverrunSeconds(Long overrunSeconds) {
    this.overrunSeconds = overrunSeconds;
  }
}
