package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the test bed itself: real controllers acting on pods that run on simulated nodes. */
@ExtendWith(TestBed.class)
class ClusterIT {

  private static final String TRAP_SCRIPT =
      "trap 'echo got SIGTERM; exit 0' TERM; echo started; while true; do sleep 0.2; done";

  @Test
  void deploymentRunsOnSimulatedNodes(TestBed.Cluster cluster) throws Exception {
    cluster.client().resource(deployment(cluster.namespace(), "echo", 2)).create();

    List<Pod> pods = awaitReadyPods(cluster, "echo", 2);

    for (Pod pod : pods) {
      assertThat(pod.getStatus().getPodIP()).startsWith("127.").isNotEqualTo("127.0.0.1");
      assertThat(Set.of(TestBed.NODES)).contains(pod.getSpec().getNodeName());
      await().until(() -> log(cluster, pod).contains("started"));
    }
    assertThat(pods.get(0).getStatus().getPodIP()).isNotEqualTo(pods.get(1).getStatus().getPodIP());
  }

  @Test
  void drainUnderPdbMovesOnePodAtATime(TestBed.Cluster cluster) throws Exception {
    String ns = cluster.namespace();
    cluster.kubectl("cordon", "node-2", "node-3");
    try {
      cluster.client().resource(deployment(ns, "drained", 2)).create();
      cluster.client().resource(pdb(ns, "drained")).create();
      List<Pod> before = awaitReadyPods(cluster, "drained", 2);
      assertThat(before).allMatch(pod -> pod.getSpec().getNodeName().equals("node-1"));
      cluster.kubectl("uncordon", "node-2", "node-3");

      AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
      AtomicInteger maxTerminating = new AtomicInteger();
      try (SharedIndexInformer<Pod> informer =
          watchAvailability(cluster, "drained", minReady, maxTerminating)) {
        cluster.kubectl(
            "drain",
            "node-1",
            "--pod-selector=app=drained",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--timeout=180s");
        awaitReadyPods(cluster, "drained", 2);
      }

      assertThat(minReady.get()).as("ready pods at the lowest point of the drain").isEqualTo(1);
      assertThat(maxTerminating.get()).as("pods terminating at once").isEqualTo(1);
      for (Pod pod : before) {
        await().until(() -> log(cluster, pod).contains("got SIGTERM"));
      }
      assertThat(readyPods(cluster, "drained"))
          .allMatch(pod -> !pod.getSpec().getNodeName().equals("node-1"));
    } finally {
      cluster.kubectl("uncordon", "node-1", "node-2", "node-3");
    }
  }

  @Test
  void crashedNodeGoesNotReady(TestBed.Cluster cluster) throws Exception {
    String node = "crash-" + cluster.namespace();
    cluster.agent().addNode(node, Map.of());
    try {
      Pod pod = cluster.client().resource(pinnedPod(cluster.namespace(), "victim", node)).create();
      await().until(() -> log(cluster, pod).contains("started"));

      cluster.agent().crashNode(node);

      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> !"True".equals(readyCondition(cluster.client(), node)));
      assertThat(cluster.agent().isRunning(cluster.namespace(), "victim")).isFalse();
      assertThat(cluster.client().pods().inNamespace(cluster.namespace()).withName("victim").get())
          .as("a dead node's pods stay until the controllers act")
          .isNotNull();
    } finally {
      cluster.client().nodes().withName(node).delete();
    }
  }

  @Test
  void deletingDeploymentGarbageCollectsPods(TestBed.Cluster cluster) throws Exception {
    Deployment deployment =
        cluster.client().resource(deployment(cluster.namespace(), "gc", 2)).create();
    List<Pod> pods = awaitReadyPods(cluster, "gc", 2);

    cluster.client().resource(deployment).delete();

    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                cluster
                    .client()
                    .pods()
                    .inNamespace(cluster.namespace())
                    .list()
                    .getItems()
                    .isEmpty());
    for (Pod pod : pods) {
      assertThat(log(cluster, pod)).contains("got SIGTERM");
    }
  }

  @Test
  void cutOffPodCannotReachApiServer(TestBed.Cluster cluster) throws Exception {
    String ns = cluster.namespace();
    cluster.kubectl("create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", ns);
    cluster.kubectl(
        "create",
        "rolebinding",
        "pod-reader",
        "--role=pod-reader",
        "--serviceaccount=" + ns + ":default",
        "-n",
        ns);
    await()
        .until(
            () ->
                cluster.client().serviceAccounts().inNamespace(ns).withName("default").get()
                    != null);
    Pod pod = cluster.client().resource(pinnedPod(ns, "isolated", "node-1")).create();
    await().until(() -> log(cluster, pod).contains("started"));

    try (KubernetesClient asPod = podClient(cluster, "isolated")) {
      assertThat(asPod.pods().inNamespace(ns).list().getItems()).isNotEmpty();

      cluster.agent().cutPod(ns, "isolated");
      assertThatThrownBy(() -> asPod.pods().inNamespace(ns).list())
          .isInstanceOf(KubernetesClientException.class);

      cluster.agent().reconnectPod(ns, "isolated");
      await()
          .ignoreExceptions()
          .until(() -> !asPod.pods().inNamespace(ns).list().getItems().isEmpty());
    }
  }

  private static KubernetesClient podClient(TestBed.Cluster cluster, String pod) throws Exception {
    Path kubeconfig = cluster.agent().kubeconfigOf(cluster.namespace(), pod);
    io.fabric8.kubernetes.client.Config config =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setRequestTimeout(3_000);
    config.setConnectionTimeout(2_000);
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static SharedIndexInformer<Pod> watchAvailability(
      TestBed.Cluster cluster, String app, AtomicInteger minReady, AtomicInteger maxTerminating) {
    SharedIndexInformer<Pod> informer =
        cluster.client().pods().inNamespace(cluster.namespace()).withLabel("app", app).inform();
    await().until(informer::hasSynced);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            if (informer.hasSynced()) {
              sample();
            }
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            sample();
          }

          @Override
          public void onDelete(Pod pod, boolean unknownFinalState) {
            sample();
          }

          private void sample() {
            List<Pod> pods = informer.getStore().list();
            int ready = (int) pods.stream().filter(ClusterIT::isAvailable).count();
            int terminating =
                (int)
                    pods.stream()
                        .filter(p -> p.getMetadata().getDeletionTimestamp() != null)
                        .count();
            minReady.accumulateAndGet(ready, Math::min);
            maxTerminating.accumulateAndGet(terminating, Math::max);
          }
        });
    return informer;
  }

  private static List<Pod> awaitReadyPods(TestBed.Cluster cluster, String app, int count) {
    await().atMost(Duration.ofSeconds(90)).until(() -> readyPods(cluster, app).size() == count);
    return readyPods(cluster, app);
  }

  private static List<Pod> readyPods(TestBed.Cluster cluster, String app) {
    return cluster
        .client()
        .pods()
        .inNamespace(cluster.namespace())
        .withLabel("app", app)
        .list()
        .getItems()
        .stream()
        .filter(ClusterIT::isAvailable)
        .toList();
  }

  private static boolean isAvailable(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String readyCondition(KubernetesClient client, String node) {
    return client.nodes().withName(node).get().getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse("None");
  }

  private static String log(TestBed.Cluster cluster, Pod pod) throws Exception {
    Path file = cluster.agent().logOf(cluster.namespace(), pod.getMetadata().getName(), "main");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static Deployment deployment(String namespace, String app, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(app)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", app))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", app))
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(10L)
        .addNewContainer()
        .withName("main")
        .withImage("local/sh")
        .withCommand("/bin/sh", "-c", TRAP_SCRIPT)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Pod pinnedPod(String namespace, String name, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withTerminationGracePeriodSeconds(5L)
        .addNewContainer()
        .withName("main")
        .withImage("local/sh")
        .withCommand("/bin/sh", "-c", TRAP_SCRIPT)
        .endContainer()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget pdb(
      String namespace, String app) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(app)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withMinAvailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(Map.of("app", app))
        .endSelector()
        .endSpec()
        .build();
  }
}
