package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves that the node agent runs a single pod as a kubelet would: restarts and environment. */
@ExtendWith(TestBed.class)
class PodLifecycleIT {

  private static final String CRASH_SCRIPT = "echo attempt; exit 3";

  @Test
  void restartPolicyAlwaysRestartsACrashedContainer(TestBed.Cluster cluster) throws Exception {
    create(cluster, pod(cluster, "crasher", "Always", CRASH_SCRIPT, List.of()));

    int first = awaitRestartCount(cluster, "crasher", 1);
    int later = awaitRestartCount(cluster, "crasher", first + 1);

    ContainerStatus status = containerStatus(cluster, "crasher");
    assertThat(later).isGreaterThan(first);
    assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(phase(cluster, "crasher")).isEqualTo("Running");
    assertThat(attempts(cluster, "crasher")).isGreaterThanOrEqualTo(later);
  }

  /** A slow start must not be killed by the liveness probe: it waits for the startup probe. */
  @Test
  void livenessAndReadinessWaitForTheStartupProbe(TestBed.Cluster cluster) throws Exception {
    Pod pod =
        pod(cluster, "slow", "Always", "echo attempt; sleep 6; touch up; sleep 600", List.of());
    var main = pod.getSpec().getContainers().get(0);
    main.setStartupProbe(fileProbe("up", 30));
    main.setLivenessProbe(fileProbe("up", 1));
    main.setReadinessProbe(fileProbe("up", 1));
    create(cluster, pod);

    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> containerStatus(cluster, "slow").getReady());

    assertThat(containerStatus(cluster, "slow").getRestartCount()).isZero();
    assertThat(attempts(cluster, "slow")).isEqualTo(1);
  }

  @Test
  void aStartupProbeThatKeepsFailingRestartsTheContainer(TestBed.Cluster cluster) throws Exception {
    Pod pod = pod(cluster, "never-up", "Always", "echo attempt; sleep 600", List.of());
    pod.getSpec().getContainers().get(0).setStartupProbe(fileProbe("up", 2));
    create(cluster, pod);

    assertThat(awaitRestartCount(cluster, "never-up", 1)).isPositive();
    assertThat(containerStatus(cluster, "never-up").getReady()).isFalse();
  }

  @Test
  void restartPolicyNeverLeavesThePodFailedWithItsExitCode(TestBed.Cluster cluster)
      throws Exception {
    create(cluster, pod(cluster, "one-shot", "Never", "echo attempt; exit 7", List.of()));

    await().atMost(Duration.ofSeconds(60)).until(() -> "Failed".equals(phase(cluster, "one-shot")));

    ContainerStatus status = containerStatus(cluster, "one-shot");
    assertThat(status.getState().getTerminated().getExitCode()).isEqualTo(7);
    assertThat(status.getState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(status.getRestartCount()).isZero();
    assertThat(attempts(cluster, "one-shot")).isEqualTo(1);
  }

  @Test
  void environmentCarriesDownwardApiFields(TestBed.Cluster cluster) throws Exception {
    String script =
        "echo \"env name=$POD_NAME namespace=$POD_NAMESPACE ip=$POD_IP node=$NODE_NAME\";"
            + " echo \"arg $(POD_NAME)\"; exec sleep 600";
    List<EnvVar> env =
        List.of(
            field("POD_NAME", "metadata.name"),
            field("POD_NAMESPACE", "metadata.namespace"),
            field("POD_IP", "status.podIP"),
            field("NODE_NAME", "spec.nodeName"));
    create(cluster, pod(cluster, "downward", "Always", script, env));

    // Until the agent picked the pod up, it has no folder for its log.
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> log(cluster, "downward").contains("arg "));

    Pod pod = cluster.client().pods().inNamespace(cluster.namespace()).withName("downward").get();
    assertThat(pod.getStatus().getPodIP()).isNotBlank();
    assertThat(log(cluster, "downward"))
        .contains(
            "env name=downward namespace="
                + cluster.namespace()
                + " ip="
                + pod.getStatus().getPodIP()
                + " node=node-2\n")
        .as("the agent expands $(VAR) in the command before the shell sees it")
        .contains("arg downward\n");
  }

  private static int awaitRestartCount(TestBed.Cluster cluster, String pod, int atLeast) {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> containerStatus(cluster, pod).getRestartCount() >= atLeast);
    return containerStatus(cluster, pod).getRestartCount();
  }

  private static ContainerStatus containerStatus(TestBed.Cluster cluster, String pod) {
    return get(cluster, pod).getStatus().getContainerStatuses().get(0);
  }

  private static String phase(TestBed.Cluster cluster, String pod) {
    Pod current = get(cluster, pod);
    return current.getStatus() == null ? null : current.getStatus().getPhase();
  }

  private static Pod get(TestBed.Cluster cluster, String pod) {
    return cluster.client().pods().inNamespace(cluster.namespace()).withName(pod).get();
  }

  /** How many times the container started, by the lines it printed at each start. */
  private static long attempts(TestBed.Cluster cluster, String pod) throws Exception {
    return log(cluster, pod).lines().filter("attempt"::equals).count();
  }

  private static String log(TestBed.Cluster cluster, String pod) throws Exception {
    Path file = cluster.agent().logOf(cluster.namespace(), pod, "main");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static void create(TestBed.Cluster cluster, Pod pod) {
    cluster.client().resource(pod).create();
  }

  private static EnvVar field(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  /** An exec probe that passes once the container created {@code file} in its folder. */
  private static io.fabric8.kubernetes.api.model.Probe fileProbe(String file, int failures) {
    return new io.fabric8.kubernetes.api.model.ProbeBuilder()
        .withNewExec()
        .withCommand("test", "-f", file)
        .endExec()
        .withPeriodSeconds(1)
        .withFailureThreshold(failures)
        .build();
  }

  private static Pod pod(
      TestBed.Cluster cluster, String name, String restartPolicy, String script, List<EnvVar> env) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(cluster.namespace())
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-2")
        .withRestartPolicy(restartPolicy)
        .withTerminationGracePeriodSeconds(2L)
        .addNewContainer()
        .withName("main")
        .withImage("local/sh")
        .withCommand("/bin/sh", "-c", script)
        .withEnv(env)
        .endContainer()
        .endSpec()
        .build();
  }
}
