package dev.baton.operator;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The worker pods as the operator sees them at one reconcile, with their meeting counts. */
public record WorkerPool(
    List<Placement.Worker> workers,
    java.util.function.Function<String, Placement.Worker.Lease> leases) {

  /** A pool whose every worker holds a fresh Lease. */
  public WorkerPool(List<Placement.Worker> workers) {
    this(workers, name -> Placement.Worker.Lease.FRESH);
  }

  /** What is known of the Lease of {@code worker}, whether or not its pod still exists. */
  public Placement.Worker.Lease lease(String worker) {
    return leases.apply(worker);
  }

  /** Builds the pool from the cached worker pods and the number of meetings each one hosts. */
  public static WorkerPool of(
      Collection<Pod> pods,
      Map<String, Integer> load,
      int defaultPort,
      java.util.function.Function<String, Placement.Worker.Lease> leases) {
    return new WorkerPool(
        pods.stream().map(pod -> worker(pod, load, defaultPort, leases)).toList(), leases);
  }

  public Optional<Placement.Worker> find(String name) {
    return workers.stream().filter(w -> w.name().equals(name)).findFirst();
  }

  private static Placement.Worker worker(
      Pod pod,
      Map<String, Integer> load,
      int defaultPort,
      java.util.function.Function<String, Placement.Worker.Lease> leases) {
    String name = pod.getMetadata().getName();
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    return new Placement.Worker(
        name,
        pod.getSpec().getNodeName(),
        ip == null || ip.isEmpty() ? null : ip + ":" + httpPort(pod, defaultPort),
        pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels(),
        isReady(pod),
        pod.getMetadata().getDeletionTimestamp() != null,
        isFinished(pod),
        load.getOrDefault(name, 0),
        leases.apply(name));
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean isFinished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Failed".equals(phase) || "Succeeded".equals(phase);
  }

  /** The container port named {@code http}, else the configured default. */
  private static int httpPort(Pod pod, int defaultPort) {
    return pod.getSpec().getContainers().stream()
        .flatMap(
            c -> c.getPorts() == null ? java.util.stream.Stream.empty() : c.getPorts().stream())
        .filter(p -> "http".equals(p.getName()))
        .map(p -> p.getContainerPort())
        .findFirst()
        .orElse(defaultPort);
  }
}
