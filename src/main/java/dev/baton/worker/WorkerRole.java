package dev.baton.worker;

import dev.baton.config.BatonConfig;
import dev.baton.process.HookSender;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs this process as a worker: hosts its meetings, and hands them all over when its pod is being
 * deleted or the JVM is told to stop.
 */
@ApplicationScoped
public class WorkerRole {

  private static final Logger LOG = Logger.getLogger(WorkerRole.class);
  private static final long TICK_MILLIS = 1_000;

  @Inject BatonConfig config;
  @Inject MeterRegistry registry;

  private WorkerIdentity identity;
  private KubernetesClient client;
  private MeetingHost host;
  private ScheduledExecutorService clock;
  private ScheduledExecutorService heartbeat;
  private ScheduledExecutorService fencing;
  private KubernetesClient leaseClient;
  private LeaseKeeper leases;
  private ExecutorService hookThreads;
  private Watch ownPod;
  private final CompletableFuture<Void> handedOff = new CompletableFuture<>();
  private final java.util.concurrent.atomic.AtomicBoolean handingOff =
      new java.util.concurrent.atomic.AtomicBoolean();

  void onStart(@Observes StartupEvent event) {
    if (config.role() != BatonConfig.Role.WORKER) {
      return;
    }
    identity = WorkerIdentity.from(config.worker());
    // A client of our own: the framework's shutdown must not close it before the handoff.
    client = new KubernetesClientBuilder().build();
    clock = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "baton-clock"));
    hookThreads = Executors.newFixedThreadPool(4, r -> daemon(r, "baton-hooks"));
    WorkerMetrics metrics = new WorkerMetrics(registry);
    SnapshotWriter snapshots =
        new SnapshotWriter(
            new FencedWriter(client, metrics),
            identity.pod(),
            config.worker().maxSnapshotBytes(),
            metrics);
    host =
        new MeetingHost(
            identity, snapshots, new Hooks(new HookSender(), hookThreads), () -> leases.holder());
    host.watch(client);
    metrics.watch(host);
    leaseClient = leaseClient(config.worker().leaseRenewInterval());
    leases =
        new LeaseKeeper(
            leaseClient,
            identity,
            config.worker().leaseDuration(),
            config.worker().leaseRenewInterval(),
            host);
    heartbeat = Executors.newScheduledThreadPool(2, r -> daemon(r, "baton-lease"));
    long renewMillis = config.worker().leaseRenewInterval().toMillis();
    heartbeat.scheduleWithFixedDelay(leases::renew, 0, renewMillis, TimeUnit.MILLISECONDS);
    fencing = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "baton-fencing"));
    fencing.scheduleWithFixedDelay(leases::check, 250, 250, TimeUnit.MILLISECONDS);
    ownPod =
        client
            .pods()
            .inNamespace(identity.namespace())
            .withName(identity.pod())
            .watch(new OwnPod());
    clock.scheduleWithFixedDelay(
        () -> host.tick(Instant.now()), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    LOG.infof("worker %s started in namespace %s", identity.pod(), identity.namespace());
  }

  void onStop(@Observes ShutdownEvent event) {
    if (host == null) {
      return;
    }
    LOG.info("stopping: handing over every hosted meeting");
    handOffOnce();
    try {
      handedOff.get(config.worker().shutdownBudget().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warnf("handoff did not finish within %s", config.worker().shutdownBudget());
    } catch (Exception e) {
      LOG.warnf("handoff failed: %s", e.getMessage());
    }
    clock.shutdownNow();
    heartbeat.shutdownNow();
    fencing.shutdownNow();
    leaseClient.close();
    hookThreads.shutdownNow();
    ownPod.close();
    client.close();
  }

  WorkerIdentity identity() {
    return identity;
  }

  /** The host, once this process runs as a worker. */
  Optional<MeetingHost> host() {
    return Optional.ofNullable(host);
  }

  private void handOffOnce() {
    if (!handingOff.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture.runAsync(host::handOffAll)
        .whenComplete((done, error) -> handedOff.complete(null));
  }

  /**
   * A client for Lease renewals that gives up quickly and never retries on its own: a renewal stuck
   * on a dead connection must not outlive the point where the worker fences itself.
   */
  private static KubernetesClient leaseClient(java.time.Duration renewInterval) {
    io.fabric8.kubernetes.client.Config lease =
        io.fabric8.kubernetes.client.Config.autoConfigure(null);
    int millis = (int) Math.max(500, renewInterval.toMillis() * 2);
    lease.setRequestTimeout(millis);
    lease.setConnectionTimeout(millis);
    lease.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(lease).build();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Starts the handoff as soon as the worker's own pod gets a deletion timestamp. */
  private final class OwnPod implements Watcher<Pod> {
    @Override
    public void eventReceived(Action action, Pod pod) {
      if (action == Action.DELETED || pod.getMetadata().getDeletionTimestamp() != null) {
        LOG.info("this worker's pod is being deleted: handing over every hosted meeting");
        handOffOnce();
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      LOG.warnf("the watch of this worker's pod closed: %s", cause.getMessage());
    }
  }
}
