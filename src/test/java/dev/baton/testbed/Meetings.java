package dev.baton.testbed;

import dev.baton.api.v1alpha1.AgendaItem;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** Meetings for tests. */
public final class Meetings {

  private Meetings() {}

  /** A small valid meeting: two agenda items, two keywords, nothing else set. */
  public static Meeting standUp(String name) {
    MeetingSpec spec = new MeetingSpec();
    spec.setTitle("Stand-up " + name);
    spec.setAgenda(List.of(new AgendaItem("Yesterday", 5), new AgendaItem("Today", 10)));
    spec.setKeywords(List.of("blocker", "deadline"));
    Meeting meeting = new Meeting();
    meeting.setMetadata(new ObjectMetaBuilder().withName(name).build());
    meeting.setSpec(spec);
    return meeting;
  }

  /** A stand-up whose start and end call {@code receiver}. */
  public static Meeting withHooks(String name, HookReceiver receiver) {
    Meeting meeting = standUp(name);
    meeting
        .getSpec()
        .setHooks(
            new dev.baton.api.v1alpha1.HooksSpec(
                receiver.url("/started/" + name), receiver.url("/ended/" + name)));
    return meeting;
  }
}
