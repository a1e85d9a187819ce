package dev.baton.bench;

import dev.baton.testbed.ControlPlane;
import dev.baton.testbed.NodeAgent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user would run without Baton: one pod per meeting in a Deployment. A drained or crashed
 * node's pods are replaced by new, empty ones; nothing of a meeting's state carries over.
 */
final class Baseline {

  static final String NAMESPACE = "bench-baseline";
  private static final String APP = "baseline-meeting";

  private final ControlPlane plane;
  private final NodeAgent agent;
  private final List<String> nodes;
  final Samples drain = new Samples("baseline drain to replacement Running", "ms");
  final Samples crash = new Samples("baseline node crash to replacement Running", "ms");
  final Map<String, Object> crashTimeline = new java.util.LinkedHashMap<>();

  Baseline(ControlPlane plane, NodeAgent agent, List<String> nodes) {
    this.plane = plane;
    this.agent = agent;
    this.nodes = nodes;
  }

  void deploy(int pods) throws InterruptedException {
    plane.kubectl("create", "namespace", NAMESPACE);
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(APP)
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withReplicas(pods)
            .withNewSelector()
            .addToMatchLabels("app", APP)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", APP)
            .endMetadata()
            .withNewSpec()
            .addToNodeSelector("pool", "baseline")
            .addNewTopologySpreadConstraint()
            .withMaxSkew(1)
            .withTopologyKey("kubernetes.io/hostname")
            .withWhenUnsatisfiable("ScheduleAnyway")
            .withNewLabelSelector()
            .addToMatchLabels("app", APP)
            .endLabelSelector()
            .endTopologySpreadConstraint()
            .addNewContainer()
            .withName("meeting")
            .withImage("local/sh")
            .withArgs("-c", "exec sleep 1000000")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    plane.client().resource(deployment).create();
    awaitReady(pods, Set.of(), null, Duration.ofMinutes(3), null);
  }

  /** Drains one node with kubectl and times each pod's replacement until it is Ready. */
  void measureDrain(int pods) throws InterruptedException {
    String node = nodes.get(1);
    Set<String> before = podNames();
    Instant start = Instant.now();
    Thread drainer =
        new Thread(
            () ->
                plane.kubectl(
                    "drain",
                    node,
                    "--pod-selector=app=" + APP,
                    "--ignore-daemonsets",
                    "--timeout=180s"));
    drainer.start();
    awaitReady(pods, before, node, Duration.ofMinutes(3), drain, start);
    drainer.join();
    plane.kubectl("uncordon", node);
  }

  /**
   * Crashes one node and waits, with Kubernetes' default node-lifecycle settings, until its pods
   * run elsewhere: about the node monitor grace period (50s) plus the not-ready toleration (300s).
   */
  void measureCrash(int pods) throws InterruptedException {
    String node = nodes.get(0);
    Set<String> before = podNames();
    long victims = pods().stream().filter(p -> node.equals(p.getSpec().getNodeName())).count();
    Instant start = Instant.now();
    agent.crashNode(node);
    crashTimeline.put("podsOnCrashedNode", victims);
    Thread notReady = new Thread(() -> watchNode(node, start));
    notReady.setDaemon(true);
    notReady.start();
    awaitReady(pods, before, node, Duration.ofMinutes(12), crash, start);
  }

  private void watchNode(String node, Instant start) {
    try {
      while (!crashTimeline.containsKey("nodeNotReadyAfterMs")) {
        var object = plane.client().nodes().withName(node).get();
        boolean ready =
            object.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (!ready) {
          crashTimeline.put(
              "nodeNotReadyAfterMs", Duration.between(start, Instant.now()).toMillis());
        }
        Thread.sleep(500);
      }
    } catch (InterruptedException | RuntimeException stop) {
      // Only an annotation of the report; the replacement times are what counts.
    }
  }

  private void awaitReady(int pods, Set<String> old, String avoid, Duration atMost, Samples samples)
      throws InterruptedException {
    awaitReady(pods, old, avoid, atMost, samples, Instant.now());
  }

  /** Polls until {@code pods} pods off {@code avoid} are Ready; times each new one. */
  private void awaitReady(
      int pods, Set<String> old, String avoid, Duration atMost, Samples samples, Instant start)
      throws InterruptedException {
    Map<String, Instant> seenReady = new HashMap<>();
    Instant deadline = Instant.now().plus(atMost);
    while (Instant.now().isBefore(deadline)) {
      long ready = 0;
      for (Pod pod : pods()) {
        if (!isReady(pod) || pod.getSpec().getNodeName().equals(avoid)) {
          continue;
        }
        ready++;
        String name = pod.getMetadata().getName();
        if (!old.contains(name) && seenReady.putIfAbsent(name, Instant.now()) == null) {
          if (samples != null) {
            samples.add(Duration.between(start, seenReady.get(name)).toMillis());
          }
        }
      }
      if (ready >= pods) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("baseline pods not all Ready within " + atMost);
  }

  private List<Pod> pods() {
    return plane.client().pods().inNamespace(NAMESPACE).withLabel("app", APP).list().getItems();
  }

  private Set<String> podNames() {
    return pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
  }

  private static boolean isReady(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
