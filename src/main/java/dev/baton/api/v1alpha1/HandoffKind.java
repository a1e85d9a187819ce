package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a meeting left its worker: released on shutdown, or taken away after a crash. */
public enum HandoffKind {
  @JsonProperty("Graceful")
  GRACEFUL,
  @JsonProperty("Crash")
  CRASH
}
