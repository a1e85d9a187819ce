package dev.baton.operator;

import dev.baton.api.SpecDefaults;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.config.BatonConfig;
import dev.baton.config.MeetingMdc;
import dev.baton.operator.MeetingEvents.Reason;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Places meetings on workers, moves them off workers that go away, and reports their state. */
@ControllerConfiguration(name = MeetingReconciler.NAME)
public class MeetingReconciler implements Reconciler<Meeting>, Cleaner<Meeting> {

  static final String NAME = "meeting";
  private static final Logger LOG = Logger.getLogger(MeetingReconciler.class);
  private static final Duration CLEANUP_POLL = Duration.ofSeconds(2);

  @Inject BatonConfig config;
  @Inject OwnedStatus ownedStatus;
  @Inject MeetingEvents events;
  @Inject PlacementLedger ledger;
  @Inject OperatorMetrics metrics;
  private InformerEventSource<Pod, Meeting> workerPods;
  private WorkerLeases leases;

  @Override
  public List<EventSource<?, Meeting>> prepareEventSources(EventSourceContext<Meeting> context) {
    var workers =
        InformerEventSourceConfiguration.from(Pod.class, Meeting.class)
            .withLabelSelector(config.operator().workerLabel())
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(new WorkerToMeetings(context.getPrimaryCache()))
            .build();
    workerPods = new InformerEventSource<>(workers, context);
    String namespace = context.getClient().getNamespace();
    leases =
        new WorkerLeases(
            context.getClient(), namespace, context.getPrimaryCache(), w -> stopping(w, namespace));
    return List.of(workerPods, leases);
  }

  /** Whether the worker's pod is still there and being deleted: it is writing final snapshots. */
  private boolean stopping(String worker, String namespace) {
    return workerPods
        .get(new ResourceID(worker, namespace))
        .map(pod -> pod.getMetadata().getDeletionTimestamp() != null)
        .orElse(false);
  }

  @Override
  public UpdateControl<Meeting> reconcile(Meeting cached, Context<Meeting> context) {
    Meeting meeting = ledger.latest(cached);
    try (var mdc = MeetingMdc.of(meeting)) {
      LOG.debug("reconciling");
      Plan plan = MeetingPlanner.plan(meeting, workerPool(meeting, context), Instant.now());
      if (plan.revoke() != null && leases.revokeNow(plan.revoke())) {
        plan = MeetingPlanner.plan(meeting, workerPool(meeting, context), Instant.now());
      }
      if (plan.placement()) {
        plan = placeSerially(meeting, context);
      } else {
        announce(ownedStatus.write(meeting, plan), plan);
      }
      UpdateControl<Meeting> control = UpdateControl.noUpdate();
      return plan.requeue() == null ? control : control.rescheduleAfter(plan.requeue());
    }
  }

  @Override
  public ErrorStatusUpdateControl<Meeting> updateErrorStatus(
      Meeting meeting, Context<Meeting> context, Exception e) {
    metrics.reconcileFailed();
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  @Override
  public DeleteControl cleanup(Meeting meeting, Context<Meeting> context) {
    try (var mdc = MeetingMdc.of(meeting)) {
      return endBeforeDelete(meeting, workerPool(meeting, context));
    }
  }

  /**
   * Keeps the finalizer until the hosting worker ended the process (it sees the deletion itself),
   * unless nothing hosts it or the worker does not answer within the handoff timeout.
   */
  private DeleteControl endBeforeDelete(Meeting meeting, WorkerPool pool) {
    var status = meeting.getStatus();
    if (status == null || status.getEndedAt() != null || status.getAssignment() == null) {
      return DeleteControl.defaultDelete();
    }
    var worker = pool.find(status.getAssignment().getWorker());
    Instant deleted = Instant.parse(meeting.getMetadata().getDeletionTimestamp());
    Duration waited = Duration.between(deleted, Instant.now());
    Duration patience = SpecDefaults.handoffTimeout(meeting.getSpec());
    if (worker.isPresent() && worker.get().alive() && waited.compareTo(patience) < 0) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_POLL);
    }
    String why =
        worker.isPresent() && worker.get().alive()
            ? "worker "
                + worker.get().name()
                + " did not end it within "
                + patience.toSeconds()
                + "s"
            : "its worker is gone";
    events.record(meeting, Reason.EndedWithoutProcess, "Deleted without a final summary: " + why);
    LOG.warnf("deleted without a final summary: %s", why);
    return DeleteControl.defaultDelete();
  }

  /**
   * Plans and writes a placement while no other placement is being decided, so that reconciles
   * running in parallel each see the load the others just added. The Events are recorded after the
   * lock is released: they are history, not part of the decision, and each one is a round trip to
   * the API server that would otherwise hold up every other placement.
   */
  private Plan placeSerially(Meeting meeting, Context<Meeting> context) {
    Plan plan;
    Meeting written;
    synchronized (ledger) {
      Meeting latest = ledger.latest(meeting);
      plan = MeetingPlanner.plan(latest, workerPool(latest, context), Instant.now());
      written = ownedStatus.write(latest, plan);
      if (written != null && plan.placement()) {
        ledger.placed(written);
      }
    }
    announce(written, plan);
    return plan;
  }

  private void announce(Meeting written, Plan plan) {
    if (written == null) {
      return;
    }
    metrics.written(plan);
    try (var mdc = MeetingMdc.of(written)) {
      for (Plan.Note note : plan.notes()) {
        LOG.infof("%s: %s", note.reason(), note.message());
        events.record(written, note.reason(), note.message());
      }
    }
  }

  private WorkerPool workerPool(Meeting meeting, Context<Meeting> context) {
    List<Pod> pods = workerPods.list(meeting.getMetadata().getNamespace()).toList();
    Map<String, Integer> load =
        context
            .getPrimaryCache()
            .list(meeting.getMetadata().getNamespace())
            .map(ledger::latest)
            .filter(m -> m.getStatus() != null && m.getStatus().getEndedAt() == null)
            .filter(m -> m.getStatus().getAssignment() != null)
            .collect(
                Collectors.groupingBy(
                    m -> m.getStatus().getAssignment().getWorker(), Collectors.summingInt(m -> 1)));
    return WorkerPool.of(pods, load, config.operator().workerPort(), leases::of);
  }

  /** Finds the meetings a change of a worker pod concerns. */
  private record WorkerToMeetings(
      io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache<Meeting> meetings)
      implements io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper<Pod> {

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(Pod pod) {
      String worker = pod.getMetadata().getName();
      return meetings
          .list(pod.getMetadata().getNamespace())
          .filter(m -> concerns(m, worker))
          .map(ResourceID::fromResource)
          .collect(Collectors.toSet());
    }

    /** A meeting on this worker, or one still waiting for any worker. */
    private static boolean concerns(Meeting meeting, String worker) {
      var status = meeting.getStatus();
      if (status == null || status.getAssignment() == null) {
        return true;
      }
      if (status.getEndedAt() != null) {
        return false;
      }
      return worker.equals(status.getAssignment().getWorker())
          || Conditions.find(status.getConditions(), Conditions.PLACED)
              .map(c -> "False".equals(c.getStatus()))
              .orElse(false);
    }
  }
}
