package dev.baton.worker;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.jboss.logging.Logger;

/**
 * Holds this worker's Lease, its heartbeat. Every renewal is a compare-and-swap on the Lease's
 * resourceVersion, so a Lease the operator revoked (after declaring the worker dead) can never be
 * renewed as if nothing happened: the worker learns it lost its meetings.
 *
 * <p>The worker freezes its meetings when it could not renew for {@code duration - margin}: the
 * operator only acts after seeing no change for a full {@code duration}, so the worker always stops
 * first.
 */
final class LeaseKeeper {

  static final String LABEL = "baton.dev/worker-lease";
  private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

  /** What the host must do when the Lease's state changes. */
  interface Listener {
    /** Renewals failed for too long: stop every process, write nothing. */
    void fence(String why);

    /** Renewed again and never revoked: the frozen meetings are still ours. */
    void unfence();

    /** The operator revoked the Lease: every meeting was or will be moved elsewhere. */
    void revoked();
  }

  private final KubernetesClient client;
  private final WorkerIdentity identity;
  private final Duration duration;
  private final Duration fenceAfter;
  private final Listener listener;
  // Renewals run on one thread and may block on a dead connection; the fencing check runs on
  // another and must never wait for them, so the shared state is guarded by its own lock.
  private final Object state = new Object();
  private String resourceVersion;
  private String holder;
  private Instant lastRenewalSent = Instant.EPOCH;
  private boolean fenced = true;

  LeaseKeeper(
      KubernetesClient client,
      WorkerIdentity identity,
      Duration duration,
      Duration renewInterval,
      Listener listener) {
    this.client = client;
    this.identity = identity;
    this.duration = duration;
    // Two renewals' worth of margin: the last successful request may have taken that long.
    Duration margin = renewInterval.multipliedBy(2);
    this.fenceAfter =
        duration.minus(margin).isNegative() ? duration.dividedBy(2) : duration.minus(margin);
    this.listener = listener;
  }

  /** The identity this worker holds its Lease under now: new after every loss of the Lease. */
  String holder() {
    synchronized (state) {
      return holder;
    }
  }

  /** True while the Lease is held and fresh: the worker may run meetings. */
  boolean held() {
    synchronized (state) {
      return !fenced;
    }
  }

  /** One renewal; called on the renew interval, always from the same thread. */
  void renew() {
    Instant sent = Instant.now();
    String version;
    synchronized (state) {
      version = resourceVersion;
    }
    try {
      Lease lease = version == null ? acquire() : swap(version);
      renewed(lease.getMetadata().getResourceVersion(), sent);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        lostTheLease();
      } else {
        LOG.debugf("could not renew the lease: %s", e.getMessage());
      }
    }
  }

  private void renewed(String version, Instant sent) {
    synchronized (state) {
      resourceVersion = version;
      lastRenewalSent = sent;
      if (!fenced || Duration.between(sent, Instant.now()).compareTo(fenceAfter) > 0) {
        return;
      }
      fenced = false;
      listener.unfence();
    }
  }

  /** Fences the worker once renewals failed for too long; called often, on its own thread. */
  void check() {
    synchronized (state) {
      if (!fenced && Duration.between(lastRenewalSent, Instant.now()).compareTo(fenceAfter) > 0) {
        fenced = true;
        listener.fence("the lease was not renewed for " + fenceAfter.toMillis() + " ms");
      }
    }
  }

  /** Someone else changed the Lease: the operator revoked it. Start over with no meetings. */
  private void lostTheLease() {
    LOG.warn("the lease was revoked by the operator; dropping every hosted meeting");
    synchronized (state) {
      fenced = true;
      resourceVersion = null;
      listener.revoked();
    }
  }

  /** Creates the Lease, or takes over the one a previous container of this pod left. */
  private Lease acquire() {
    synchronized (state) {
      holder = identity.pod() + "#" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
    Lease existing = leases().get();
    Lease desired = lease(existing == null ? null : existing.getMetadata().getResourceVersion());
    if (existing == null) {
      return client.resource(desired).create();
    }
    return client.resource(desired).update();
  }

  private Lease swap(String version) {
    return client.resource(lease(version)).update();
  }

  private Lease lease(String version) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(identity.pod())
        .withNamespace(identity.namespace())
        .withResourceVersion(version)
        .addToLabels(LABEL, "true")
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(holder())
        .withLeaseDurationSeconds((int) Math.max(1, duration.toSeconds()))
        .withRenewTime(now)
        .endSpec()
        .build();
  }

  private io.fabric8.kubernetes.client.dsl.Resource<Lease> leases() {
    return client.leases().inNamespace(identity.namespace()).withName(identity.pod());
  }
}
