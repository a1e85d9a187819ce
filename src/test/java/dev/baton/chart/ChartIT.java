package dev.baton.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.api.v1alpha1.HandoffKind;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.api.v1alpha1.SnapshotKind;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.MeetingSteps;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart as a platform team meets it: it lints, its rendering is accepted by a real API
 * server, and installed it runs Baton that hands a meeting over between its workers.
 */
@ExtendWith(TestBed.class)
class ChartIT {

  @TempDir Path dir;

  @Test
  void lintPasses(TestBed.Cluster cluster) {
    String output = BatonRelease.helm(cluster, "lint", "--strict", BatonRelease.chart());
    assertThat(output).contains("1 chart(s) linted, 0 chart(s) failed");
  }

  @Test
  void aGracePeriodTooShortForTheFinalSnapshotsIsRefusedWithTheReason(TestBed.Cluster cluster) {
    assertThatThrownBy(
            () ->
                BatonRelease.helm(
                    cluster,
                    "template",
                    "baton",
                    BatonRelease.chart(),
                    "--set",
                    "worker.terminationGracePeriodSeconds=2"))
        .hasMessageContaining("worker.terminationGracePeriodSeconds must be at least 5");
  }

  @Test
  void theRenderedChartIsAcceptedByTheApiServer(TestBed.Cluster cluster) throws Exception {
    BatonRelease.installCrd(cluster);
    String rendered =
        BatonRelease.helm(
            cluster,
            "template",
            BatonRelease.NAME,
            BatonRelease.chart(),
            "--namespace",
            cluster.namespace());
    Path manifest = dir.resolve("baton.yaml");
    Files.writeString(manifest, rendered);

    String applied =
        cluster.kubectl(
            "apply",
            "--server-side",
            "--dry-run=server",
            "--field-manager=chart-it",
            "-n",
            cluster.namespace(),
            "-f",
            manifest.toString());

    List<HasMetadata> objects =
        cluster
            .client()
            .load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
            .items();
    assertThat(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
        .containsExactlyInAnyOrder(
            "ServiceAccount/baton-operator",
            "ServiceAccount/baton-worker",
            "Role/baton-operator",
            "Role/baton-worker",
            "RoleBinding/baton-operator",
            "RoleBinding/baton-worker",
            "Deployment/baton-operator",
            "Deployment/baton-worker",
            "Service/baton-meetings",
            "PodDisruptionBudget/baton-worker",
            "ValidatingAdmissionPolicy/baton-worker-own-lease." + cluster.namespace(),
            "ValidatingAdmissionPolicyBinding/baton-worker-own-lease." + cluster.namespace(),
            "ValidatingAdmissionPolicy/baton-never-writes-spec." + cluster.namespace(),
            "ValidatingAdmissionPolicyBinding/baton-never-writes-spec." + cluster.namespace());
    assertThat(applied.lines().filter(l -> l.endsWith("serverside-applied (server dry run)")))
        .hasSize(objects.size());
    assertDefaults(objects);
  }

  /** What the default values promise: two electing operators, probed workers, a PDB. */
  private static void assertDefaults(List<HasMetadata> objects) {
    Map<String, HasMetadata> byName =
        objects.stream()
            .collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(), o -> o));
    Deployment operator = (Deployment) byName.get("Deployment/baton-operator");
    assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
    assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("baton-operator");
    assertThat(env(operator).get("BATON_OPERATOR_LEADER_ELECTION")).isEqualTo("true");
    assertProbed(operator);

    Deployment worker = (Deployment) byName.get("Deployment/baton-worker");
    assertThat(worker.getSpec().getReplicas()).isEqualTo(3);
    assertThat(worker.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("baton-worker");
    assertThat(worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(30L);
    assertThat(env(worker).get("BATON_WORKER_SHUTDOWN_BUDGET")).isEqualTo("27s");
    assertProbed(worker);

    PodDisruptionBudget pdb = (PodDisruptionBudget) byName.get("PodDisruptionBudget/baton-worker");
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(worker.getSpec().getSelector().getMatchLabels());
  }

  private static Map<String, String> env(Deployment deployment) {
    return container(deployment).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static void assertProbed(Deployment deployment) {
    Container container = container(deployment);
    assertThat(container.getStartupProbe()).as("startup probe").isNotNull();
    assertThat(container.getReadinessProbe()).as("readiness probe").isNotNull();
    assertThat(container.getLivenessProbe()).as("liveness probe").isNotNull();
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void theInstalledChartHandsMeetingsOverBetweenItsWorkers(TestBed.Cluster cluster)
      throws Exception {
    BatonRelease baton = BatonRelease.install(cluster, "worker.replicas=2");
    try {
      List<String> names = IntStream.rangeClosed(1, 16).mapToObj(i -> "meeting-" + i).toList();
      names.forEach(name -> baton.create(Meetings.standUp(name)));
      names.forEach(name -> baton.awaitPhase(name, MeetingPhase.RUNNING));
      MeetingSteps steps = new MeetingSteps(cluster, baton);
      steps.feed("meeting-1", 1, 8);
      JsonNode state = steps.state("meeting-1");
      String leaving = baton.get("meeting-1").getStatus().getAssignment().getWorker();
      List<String> moving = hostedBy(baton, names, leaving);

      steps.deletePod(leaving);
      for (String name : moving) {
        Meeting moved = steps.awaitMoved(name, 2);
        assertThat(moved.getStatus().getAssignment().getWorker()).isNotEqualTo(leaving);
        assertThat(moved.getStatus().getHandoffs().getLast().getKind())
            .isEqualTo(HandoffKind.GRACEFUL);
        assertThat(moved.getStatus().getSnapshot().getKind()).isEqualTo(SnapshotKind.GRACEFUL);
      }
      assertThat(steps.state("meeting-1")).as("state after the move").isEqualTo(state);

      // The operator removes its finalizer with a patch: deletion completes without "update".
      cluster.kubectl("delete", "meeting", "meeting-1", "-n", cluster.namespace(), "--wait=false");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> baton.get("meeting-1") == null);

      assertIdentities(cluster, baton);
      String leavingLog = baton.log(leaving, "worker");
      printShutdownFigure(leavingLog, moving.size());
      assertThat(allLogs(cluster, baton) + leavingLog)
          .as("Baton's logs: a refused request means the chart's RBAC lacks a verb")
          .doesNotContainIgnoringCase("forbidden");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  private static List<String> hostedBy(BatonRelease baton, List<String> names, String worker) {
    return names.stream()
        .filter(n -> worker.equals(baton.get(n).getStatus().getAssignment().getWorker()))
        .toList();
  }

  /** Each role runs as its own ServiceAccount. */
  private static void assertIdentities(TestBed.Cluster cluster, BatonRelease baton) {
    for (Pod pod : cluster.client().pods().inNamespace(cluster.namespace()).list().getItems()) {
      String component = pod.getMetadata().getLabels().get("app.kubernetes.io/component");
      String expected = "operator".equals(component) ? "baton-operator" : "baton-worker";
      assertThat(pod.getSpec().getServiceAccountName())
          .as(pod.getMetadata().getName())
          .isEqualTo(expected);
    }
  }

  private static String allLogs(TestBed.Cluster cluster, BatonRelease baton) throws Exception {
    StringBuilder logs = new StringBuilder();
    for (Pod pod : cluster.client().pods().inNamespace(cluster.namespace()).list().getItems()) {
      String container = pod.getSpec().getContainers().get(0).getName();
      logs.append(baton.log(pod.getMetadata().getName(), container));
    }
    return logs.toString();
  }

  /**
   * Prints how long the leaving worker took from learning of its deletion to its last final
   * snapshot, the figure the chart README sizes terminationGracePeriodSeconds from.
   */
  private static void printShutdownFigure(String log, int meetings) {
    List<String> lines = log.lines().toList();
    LocalTime start =
        lines.stream()
            .filter(l -> l.contains("pod is being deleted"))
            .findFirst()
            .map(ChartIT::time)
            .orElse(null);
    LocalTime end =
        lines.stream()
            .filter(l -> l.contains("handed off: graceful snapshot"))
            .reduce((first, second) -> second)
            .map(ChartIT::time)
            .orElse(null);
    if (start == null || end == null) {
      System.out.println("[chart] no shutdown timing in the leaving worker's log");
      return;
    }
    long millis = Duration.between(start, end).toMillis();
    System.out.printf(
        "[chart] final snapshots of %d meetings written in %d ms (%.1f ms per meeting)%n",
        meetings, millis, (double) millis / Math.max(1, meetings));
  }

  private static LocalTime time(String line) {
    return LocalTime.parse(line.substring(0, 12));
  }
}
