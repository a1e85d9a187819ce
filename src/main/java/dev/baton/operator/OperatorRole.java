package dev.baton.operator;

import dev.baton.config.BatonConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts the Meeting controller when this process runs in the operator role. With leader election,
 * replicas wait as standbys and only the leader starts it; a leader that loses its Lease exits, so
 * its pod restarts as a standby instead of acting on a stale view.
 */
@ApplicationScoped
public class OperatorRole {

  static final String LEADER_LEASE = "baton-operator-leader";
  private static final Logger LOG = Logger.getLogger(OperatorRole.class);

  @Inject Operator operator;
  @Inject BatonConfig config;
  @Inject KubernetesClient client;
  @Inject OperatorMetrics metrics;
  private volatile boolean started;

  void onStart(@Observes StartupEvent event) {
    if (config.role() != BatonConfig.Role.OPERATOR) {
      return;
    }
    metrics.publish();
    if (!config.operator().leaderElection()) {
      lead();
      return;
    }
    String identity = System.getenv().getOrDefault("HOSTNAME", UUID.randomUUID().toString());
    LOG.infof("standing by as %s until elected leader", identity);
    Duration lease = config.operator().leaderLeaseDuration();
    var election =
        new LeaderElectionConfigBuilder()
            .withName(LEADER_LEASE)
            .withLock(new LeaseLock(client.getNamespace(), LEADER_LEASE, identity))
            .withLeaseDuration(lease)
            .withRenewDeadline(lease.multipliedBy(2).dividedBy(3))
            .withRetryPeriod(lease.dividedBy(5))
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::stepDown, leader -> {}))
            .build();
    client.leaderElector().withConfig(election).build().start();
  }

  private void lead() {
    LOG.info("leading: starting the Meeting controller");
    operator.start();
    started = true;
  }

  private void stepDown() {
    if (started) {
      LOG.warn("lost the leader lease: exiting so that this replica restarts as a standby");
      Quarkus.asyncExit(1);
    }
  }

  /** True once this replica stands by or leads; both are healthy states of a replica. */
  boolean started() {
    return started || config.operator().leaderElection();
  }
}
