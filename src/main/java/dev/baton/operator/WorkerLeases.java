package dev.baton.operator;

import dev.baton.api.v1alpha1.Meeting;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Watches the workers' Leases and declares a worker dead when its Lease has not changed for its
 * duration, as this operator saw it (so clock skew does not matter). A dead worker's Lease is
 * revoked with a compare-and-swap before any of its meetings moves: if the worker renewed it in the
 * meantime the revocation fails and nothing moves; once revoked, the worker can never resume those
 * meetings. Then the worker's meetings are reconciled.
 */
final class WorkerLeases extends AbstractEventSource<Lease, Meeting> {

  private static final Logger LOG = Logger.getLogger(WorkerLeases.class);
  private static final long CHECK_MILLIS = 250;
  private static final String LABEL = "baton.dev/worker-lease";

  private record Seen(String renewTime, String holder, Instant changedAt, Lease lease) {}

  private final KubernetesClient client;
  private final String namespace;
  private final IndexerResourceCache<Meeting> meetings;
  private final Predicate<String> stopping;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private SharedIndexInformer<Lease> informer;
  private ScheduledExecutorService checker;

  /**
   * {@code stopping} tells whether a worker's pod is being deleted: such a worker is writing its
   * final snapshots, and a busy shutdown may let its Lease lapse. Its meetings wait for those
   * snapshots up to their handoff timeout instead (see MeetingPlanner), and its Lease is revoked
   * when that passes or the pod is gone.
   */
  WorkerLeases(
      KubernetesClient client,
      String namespace,
      IndexerResourceCache<Meeting> meetings,
      Predicate<String> stopping) {
    super(Lease.class, "worker-leases");
    this.client = client;
    this.namespace = namespace;
    this.meetings = meetings;
    this.stopping = stopping;
  }

  /** What is known of the worker's Lease, for the planner. */
  Placement.Worker.Lease of(String worker) {
    if (!seen.containsKey(worker)) {
      // No Lease at all: the worker never started hosting, or its Lease is gone with it.
      return new Placement.Worker.Lease(false, true, null, null);
    }
    return new Placement.Worker.Lease(
        alive(worker), revoked(worker), lastRenewalSeen(worker), seen.get(worker).holder());
  }

  /**
   * Revokes the worker's Lease now, whatever its age: a worker that was told to stop and did not
   * hand over in time must lose its meetings before they move. True once the Lease is revoked.
   */
  boolean revokeNow(String worker) {
    Seen lease = seen.get(worker);
    if (lease == null || lease.holder().isEmpty()) {
      return true;
    }
    return revoke(worker, lease);
  }

  /** Whether the worker holds a fresh Lease; a worker never seen with one is not alive. */
  boolean alive(String worker) {
    Seen lease = seen.get(worker);
    return lease != null && !lease.holder().isEmpty() && !expired(lease, Instant.now());
  }

  /** When this operator last saw the worker's Lease renewed, if ever. */
  Instant lastRenewalSeen(String worker) {
    Seen lease = seen.get(worker);
    return lease == null ? null : lease.changedAt();
  }

  /** Whether the Lease was revoked: the worker no longer owns anything it hosted. */
  boolean revoked(String worker) {
    Seen lease = seen.get(worker);
    return lease != null && lease.holder().isEmpty();
  }

  @Override
  public void start() {
    informer = client.leases().inNamespace(namespace).withLabel(LABEL).runnableInformer(0);
    informer.addEventHandler(new Observer());
    informer.start().toCompletableFuture().join();
    checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "baton-lease-check");
              thread.setDaemon(true);
              return thread;
            });
    checker.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    super.start();
  }

  @Override
  public java.util.Set<Lease> getSecondaryResources(Meeting meeting) {
    return java.util.Set.of();
  }

  @Override
  public void stop() {
    if (checker != null) {
      checker.shutdownNow();
    }
    if (informer != null) {
      informer.close();
    }
    super.stop();
  }

  private void check() {
    Instant now = Instant.now();
    seen.forEach(
        (worker, lease) -> {
          if (!lease.holder().isEmpty() && expired(lease, now) && !stopping.test(worker)) {
            revoke(worker, lease);
          }
        });
  }

  /** Takes the Lease away from a worker that stopped renewing it; then moves its meetings. */
  private boolean revoke(String worker, Seen lease) {
    Lease revoked = io.fabric8.kubernetes.client.utils.Serialization.clone(lease.lease());
    revoked.getSpec().setHolderIdentity("");
    try {
      Lease written = client.resource(revoked).update();
      record(written, Instant.now());
      LOG.infof("revoked the lease of worker %s; moving its meetings", worker);
      reconcileMeetingsOf(worker);
      return true;
    } catch (KubernetesClientException e) {
      // A conflict means the worker renewed after all; anything else, try on the next check.
      LOG.debugf("could not revoke the lease of %s: %s", worker, e.getMessage());
      return false;
    }
  }

  private static boolean expired(Seen lease, Instant now) {
    Integer seconds = lease.lease().getSpec().getLeaseDurationSeconds();
    Duration duration = Duration.ofSeconds(seconds == null ? 5 : seconds);
    return Duration.between(lease.changedAt(), now).compareTo(duration) > 0;
  }

  private void record(Lease lease, Instant now) {
    String worker = lease.getMetadata().getName();
    String renew = String.valueOf(lease.getSpec().getRenewTime());
    String holder = Objects.requireNonNullElse(lease.getSpec().getHolderIdentity(), "");
    seen.compute(
        worker,
        (name, before) -> {
          // Revoking empties the holder and is no sign of life: the last renewal seen stays.
          boolean changed =
              before == null
                  || !before.renewTime().equals(renew)
                  || (!holder.isEmpty() && !before.holder().equals(holder));
          return new Seen(renew, holder, changed ? now : before.changedAt(), lease);
        });
  }

  private void reconcileMeetingsOf(String worker) {
    meetings
        .list(namespace)
        .filter(m -> m.getStatus() != null && m.getStatus().getAssignment() != null)
        .filter(m -> worker.equals(m.getStatus().getAssignment().getWorker()))
        .forEach(m -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(m))));
  }

  private void reconcileUnplaced() {
    meetings
        .list(namespace)
        .filter(
            m ->
                m.getStatus() == null
                    || m.getStatus().getAssignment() == null
                    || Conditions.find(m.getStatus().getConditions(), Conditions.PLACED)
                        .map(c -> "False".equals(c.getStatus()))
                        .orElse(false))
        .forEach(m -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(m))));
  }

  private final class Observer implements ResourceEventHandler<Lease> {
    @Override
    public void onAdd(Lease lease) {
      record(lease, Instant.now());
      reconcileUnplaced();
    }

    @Override
    public void onUpdate(Lease old, Lease lease) {
      boolean wasHeld =
          !Objects.requireNonNullElse(old.getSpec().getHolderIdentity(), "").isEmpty();
      record(lease, Instant.now());
      if (!wasHeld
          && !Objects.requireNonNullElse(lease.getSpec().getHolderIdentity(), "").isEmpty()) {
        reconcileUnplaced();
      }
    }

    @Override
    public void onDelete(Lease lease, boolean finalStateUnknown) {
      seen.remove(lease.getMetadata().getName());
    }
  }
}
