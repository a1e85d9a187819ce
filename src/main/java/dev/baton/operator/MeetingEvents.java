package dev.baton.operator;

import dev.baton.api.v1alpha1.Meeting;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Records a meeting's history as Kubernetes Events, with a fixed set of reasons. */
@ApplicationScoped
public class MeetingEvents {

  private static final Logger LOG = Logger.getLogger(MeetingEvents.class);
  private static final String COMPONENT = "baton-operator";

  /** Every reason an Event of Baton's can carry. */
  public enum Reason {
    Placed(false),
    NoWorkerAvailable(true),
    HandoffStarted(false),
    HandoffCompleted(false),
    HandoffTimedOut(true),
    Recovered(true),
    HookFailed(true),
    SnapshotTooLarge(true),
    Ended(false),
    EndedWithoutProcess(true);

    private final boolean warning;

    Reason(boolean warning) {
      this.warning = warning;
    }
  }

  @Inject KubernetesClient client;

  /** Records an Event; a failure to record is logged and never fails the reconcile. */
  public void record(Meeting meeting, Reason reason, String message) {
    String now = Instant.now().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(meeting.getMetadata().getNamespace())
            .withName(meeting.getMetadata().getName() + "." + UUID.randomUUID())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(meeting.getApiVersion())
                    .withKind(meeting.getKind())
                    .withNamespace(meeting.getMetadata().getNamespace())
                    .withName(meeting.getMetadata().getName())
                    .withUid(meeting.getMetadata().getUid())
                    .withResourceVersion(meeting.getMetadata().getResourceVersion())
                    .build())
            .withReason(reason.name())
            .withMessage(message)
            .withType(reason.warning ? "Warning" : "Normal")
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warnf("could not record event %s: %s", reason, e.getMessage());
    }
  }
}
