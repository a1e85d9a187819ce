package dev.baton.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Start-up configuration of both roles; one jar, the role chosen by {@code baton.role}. */
@ConfigMapping(prefix = "baton")
public interface BatonConfig {

  /** Which role this process plays. */
  enum Role {
    OPERATOR,
    WORKER
  }

  /** {@code operator} or {@code worker} (env {@code BATON_ROLE}). */
  @WithDefault("operator")
  Role role();

  Worker worker();

  Operator operator();

  /** Settings of a worker pod; the pod's identity comes from the downward API. */
  interface Worker {

    /** The worker's own pod name (env {@code BATON_WORKER_POD_NAME}). */
    Optional<String> podName();

    /** The worker's own namespace. */
    Optional<String> podNamespace();

    /** The address other workers forward meeting requests to. */
    Optional<String> podIp();

    /** The node the worker runs on. */
    Optional<String> nodeName();

    /** Port of the meeting HTTP API, as other workers reach it. */
    @WithDefault("8080")
    int httpPort();

    /** Upper bound for the serialized process state written into a Meeting's status. */
    @WithDefault("65536")
    int maxSnapshotBytes();

    /**
     * Duration written into the worker's Lease: the operator declares the worker dead when the
     * Lease has not changed for this long, and moves its meetings.
     */
    @WithDefault("5s")
    Duration leaseDuration();

    /** How often the worker renews its Lease. */
    @WithDefault("1s")
    Duration leaseRenewInterval();

    /**
     * How many requests for one meeting a worker holds while the meeting moves between workers;
     * more are answered 503 with Retry-After at once.
     */
    @WithDefault("100")
    int maxHeldRequests();

    /** How long shutdown may take to write the final snapshots. */
    @WithDefault("20s")
    Duration shutdownBudget();
  }

  /** Settings of the operator. */
  interface Operator {

    /** Label selector (key=value) that finds worker pods. */
    @WithDefault("app.kubernetes.io/component=meeting-worker")
    String workerLabel();

    /** Whether replicas elect a leader (only the leader acts); off only for a single replica. */
    @WithDefault("true")
    boolean leaderElection();

    /** How long a leader's Lease lasts without renewal before another replica takes over. */
    @WithDefault("10s")
    Duration leaderLeaseDuration();

    /** Port of a worker's meeting API when its pod names no container port {@code http}. */
    @WithDefault("8080")
    int workerPort();
  }
}
