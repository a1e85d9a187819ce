package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The placement of a meeting on a worker pod, fenced by its epoch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AssignmentStatus {

  @JsonPropertyDescription("Name of the worker pod that hosts the meeting.")
  private String worker;

  @JsonPropertyDescription("Name of the node that runs the worker pod.")
  private String node;

  @JsonPropertyDescription(
      "Fencing token of the placement: one more at every placement. A worker writes the"
          + " meeting's status only while this still holds the epoch it was given.")
  private Long epoch;

  @JsonPropertyDescription("When the meeting was placed on this worker, in RFC 3339.")
  private String since;

  @JsonPropertyDescription(
      "host:port of the worker's meeting API; other workers forward the meeting's requests there.")
  private String address;

  public String getWorker() {
    return worker;
  }

  public void setWorker(String worker) {
    this.worker = worker;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public Long getEpoch() {
    return epoch;
  }

  public void setEpoch(Long epoch) {
    this.epoch = epoch;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }
}
