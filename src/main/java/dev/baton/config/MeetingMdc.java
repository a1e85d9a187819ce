package dev.baton.config;

import org.jboss.logging.MDC;

/** Puts a meeting's namespace/name and epoch into the logging context of the current thread. */
public final class MeetingMdc implements AutoCloseable {

  private MeetingMdc() {}

  /** Sets the context of {@code meeting} at its current epoch. */
  public static MeetingMdc of(dev.baton.api.v1alpha1.Meeting meeting) {
    var status = meeting.getStatus();
    Long epoch =
        status == null || status.getAssignment() == null ? null : status.getAssignment().getEpoch();
    return of(meeting.getMetadata().getNamespace(), meeting.getMetadata().getName(), epoch);
  }

  /** Sets the context until the returned scope is closed. */
  public static MeetingMdc of(String namespace, String name, Long epoch) {
    String meeting = namespace + "/" + name;
    MDC.put("meeting", meeting);
    MDC.put("epoch", epoch == null ? "" : epoch.toString());
    MDC.put("baton", "meeting=" + meeting + (epoch == null ? "" : " epoch=" + epoch) + " ");
    return new MeetingMdc();
  }

  @Override
  public void close() {
    MDC.remove("meeting");
    MDC.remove("epoch");
    MDC.remove("baton");
  }
}
