package dev.baton.operator;

import dev.baton.api.v1alpha1.MeetingStatus;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Deep copies of a status, so that planning never changes the cached resource. */
final class StatusCopy {

  private StatusCopy() {}

  static MeetingStatus of(MeetingStatus status) {
    return status == null
        ? new MeetingStatus()
        : Serialization.jsonMapper().convertValue(status, MeetingStatus.class);
  }
}
