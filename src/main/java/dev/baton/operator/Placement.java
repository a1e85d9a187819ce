package dev.baton.operator;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Chooses the worker a meeting goes to: Ready, not terminating, matching, least loaded. */
public final class Placement {

  /** A worker pod as the operator sees it. */
  public record Worker(
      String name,
      String node,
      String address,
      Map<String, String> labels,
      boolean ready,
      boolean terminating,
      boolean finished,
      int load,
      Lease lease) {

    /** What this operator knows of the worker's Lease. */
    public record Lease(
        boolean held, boolean revoked, java.time.Instant lastRenewal, String holder) {
      /** A worker whose Lease is fresh, for tests and for pools without Leases. */
      public static final Lease FRESH = new Lease(true, false, null, null);
    }

    /** Whether the pod can still run a process: not finished and not being deleted. */
    boolean alive() {
      return !finished && !terminating;
    }

    /** Whether the worker lost its meetings: its pod finished or its Lease was revoked. */
    boolean dead() {
      return finished || lease.revoked();
    }

    boolean accepts(Map<String, String> selector) {
      return ready
          && alive()
          && lease.held()
          && address != null
          && selector.entrySet().stream()
              .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
  }

  private Placement() {}

  /** The best worker for a meeting with {@code selector}. */
  public static Optional<Worker> choose(List<Worker> workers, Map<String, String> selector) {
    return workers.stream()
        .filter(w -> w.accepts(selector))
        .min(Comparator.comparingInt(Worker::load).thenComparing(Worker::name));
  }

  /** Why no worker fits, as a sentence for a condition message. */
  public static String whyNone(List<Worker> workers, Map<String, String> selector) {
    long ready = workers.stream().filter(w -> w.ready() && w.alive()).count();
    long matching = workers.stream().filter(w -> w.accepts(selector)).count();
    if (workers.isEmpty()) {
      return "No worker pods exist; install or scale up the worker Deployment.";
    }
    if (ready == 0) {
      return "None of the " + workers.size() + " worker pods is Ready; check the worker pods.";
    }
    return "No Ready worker matches workerSelector "
        + selector
        + " ("
        + ready
        + " Ready, "
        + matching
        + " matching); fix spec.workerSelector or label more workers.";
  }
}
