package dev.baton.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's "Install on a cluster" steps, run as written against the local control plane. */
@ExtendWith(TestBed.class)
class InstallDocIT {

  private static final Path PROJECT = Path.of(System.getProperty("baton.projectDir", "."));
  private static final Predicate<String> RUNNING = Pattern.compile("\\sRunning\\s").asPredicate();

  @Test
  void theInstallStepsWorkAsWritten(TestBed.Cluster cluster) {
    String ns = cluster.namespace();
    List<String> install =
        new ArrayList<>(List.of("install", "baton", BatonRelease.chart(), "--namespace", ns));
    // Alone, this test installs the CRD from the chart as the README says. After other tests in
    // the same run it exists, applied by kubectl, and Helm 4 would refuse to take it over.
    if (crdExists(cluster)) {
      install.add("--skip-crds");
    }
    // One operator replica and two workers: each is a JVM on a machine shared with other builds.
    install.addAll(List.of("--set", "operator.replicas=1", "--set", "worker.replicas=2"));
    BatonRelease.helm(cluster, install.toArray(String[]::new));
    try {
      cluster.kubectl("-n", ns, "rollout", "status", "deployment/baton-operator", "--timeout=3m");
      cluster.kubectl("-n", ns, "rollout", "status", "deployment/baton-worker", "--timeout=3m");

      cluster.kubectl("-n", ns, "apply", "-f", sample("standup.yaml"));
      cluster.kubectl("-n", ns, "apply", "-f", sample("planning.yaml"));
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> cluster.kubectl("-n", ns, "get", "mtg").lines().filter(RUNNING).count() == 2);

      String table = cluster.kubectl("-n", ns, "get", "mtg");
      assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
          .containsExactly("NAME", "PHASE", "WORKER", "EPOCH", "HANDOFFS", "AGE");
      assertThat(table).contains("daily-standup", "baton-worker-");

      String described = cluster.kubectl("-n", ns, "describe", "mtg", "daily-standup");
      assertThat(described).contains("Placed", "Running", "AsExpected", "Normal");

      cluster.kubectl(
          "-n",
          ns,
          "patch",
          "mtg",
          "daily-standup",
          "--type",
          "merge",
          "-p",
          "{\"spec\":{\"ended\":true}}");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> cluster.kubectl("-n", ns, "get", "mtg", "daily-standup").contains("Ended"));
      assertThat(cluster.kubectl("-n", ns, "describe", "mtg", "daily-standup"))
          .contains("Requested");

      // The planning meeting is still running: its finalizer waits for its process to end.
      cluster.kubectl("-n", ns, "delete", "mtg", "--all", "--timeout=90s");
      assertThat(cluster.client().resources(Meeting.class).inNamespace(ns).list().getItems())
          .isEmpty();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + diagnostics(cluster), e);
    }

    BatonRelease.helm(cluster, "uninstall", "baton", "--namespace", ns, "--wait");
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                cluster
                    .client()
                    .pods()
                    .inNamespace(ns)
                    .withLabel("app.kubernetes.io/instance", "baton")
                    .list()
                    .getItems()
                    .isEmpty());
  }

  private static boolean crdExists(TestBed.Cluster cluster) {
    return cluster
            .client()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("meetings.baton.dev")
            .get()
        != null;
  }

  private static String sample(String name) {
    return PROJECT.resolve("samples").resolve(name).toAbsolutePath().toString();
  }

  private static String diagnostics(TestBed.Cluster cluster) {
    String ns = cluster.namespace();
    return cluster.kubectl("-n", ns, "get", "mtg,pods,deployments", "-o", "wide")
        + cluster.kubectl("-n", ns, "get", "events");
  }
}
