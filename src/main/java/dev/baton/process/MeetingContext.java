package dev.baton.process;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingSpec;
import java.util.Objects;

/** Who a meeting is and what its spec asks, as a process needs to know it. */
public record MeetingContext(String namespace, String name, String uid, MeetingSpec spec) {

  public MeetingContext {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    spec = spec == null ? new MeetingSpec() : spec;
  }

  /** The context of a Meeting resource. */
  public static MeetingContext of(Meeting meeting) {
    var metadata = meeting.getMetadata();
    return new MeetingContext(
        metadata.getNamespace(), metadata.getName(), metadata.getUid(), meeting.getSpec());
  }

  /** The same meeting with a newer spec. */
  public MeetingContext withSpec(MeetingSpec newSpec) {
    return new MeetingContext(namespace, name, uid, newSpec);
  }

  /** The idempotency key of a hook: the same for every call of it, on any worker. */
  public String hookKey(Hook hook) {
    return uid + "/" + hook.jsonName();
  }
}
