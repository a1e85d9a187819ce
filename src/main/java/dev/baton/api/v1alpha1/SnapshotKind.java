package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a snapshot was taken: a worker shutting down, or the periodic checkpoint. */
public enum SnapshotKind {
  @JsonProperty("Graceful")
  GRACEFUL,
  @JsonProperty("Checkpoint")
  CHECKPOINT
}
