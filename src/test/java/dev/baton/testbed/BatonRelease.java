package dev.baton.testbed;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Baton installed from its Helm chart into a test's namespace, its pods on the simulated nodes. */
public final class BatonRelease {

  public static final String NAME = "baton";
  public static final String WORKER_LABEL = "app.kubernetes.io/component=meeting-worker";

  private final TestBed.Cluster cluster;

  private BatonRelease(TestBed.Cluster cluster) {
    this.cluster = cluster;
  }

  /** Installs the chart with {@code values} ({@code key=value}) and waits for ready workers. */
  public static BatonRelease install(TestBed.Cluster cluster, String... values) {
    installCrd(cluster);
    List<String> command =
        new ArrayList<>(List.of(helm(cluster), "install", NAME, chart(), "--skip-crds"));
    command.addAll(
        List.of(
            "--namespace",
            cluster.namespace(),
            "--kubeconfig",
            cluster.plane().kubeconfig().toString()));
    // One operator replica unless a test asks for more: each replica is a JVM on two cores.
    command.addAll(List.of("--set", "operator.replicas=1"));
    for (String value : values) {
      command.addAll(List.of("--set", value));
    }
    Commands.run(cluster.plane().workDir(), command, Duration.ofMinutes(2));
    BatonRelease release = new BatonRelease(cluster);
    int replicas = release.workerReplicas();
    // Each worker is a JVM starting on a shared two-core machine: allow time per replica.
    Duration patience = Duration.ofSeconds(60 + 15L * replicas);
    try {
      org.awaitility.Awaitility.await()
          .atMost(patience)
          .until(() -> release.readyWorkers().size() == replicas);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          release.readyWorkers().size()
              + " of "
              + replicas
              + " workers ready after "
              + patience
              + "\n"
              + release.diagnostics(),
          e);
    }
    return release;
  }

  /**
   * Applies the Meeting CRD from {@code crds/} and waits until it serves. Tests share one cluster,
   * so this is idempotent; the releases skip the chart's copy, which is the same file.
   */
  public static void installCrd(TestBed.Cluster cluster) {
    Path crd =
        Path.of(System.getProperty("baton.projectDir", "."))
            .resolve("crds/meetings.baton.dev.yaml");
    cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", crd.toString());
    cluster.kubectl(
        "wait", "--for=condition=Established", "crd/meetings.baton.dev", "--timeout=60s");
  }

  /** Runs helm against the test bed's control plane. */
  public static String helm(TestBed.Cluster cluster, String... args) {
    List<String> command = new ArrayList<>(List.of(helm(cluster)));
    command.addAll(List.of(args));
    command.addAll(List.of("--kubeconfig", cluster.plane().kubeconfig().toString()));
    return Commands.run(cluster.plane().workDir(), command, Duration.ofMinutes(2));
  }

  private static String helm(TestBed.Cluster cluster) {
    return cluster.plane().binDir().resolve("helm").toString();
  }

  public static String chart() {
    return Path.of(System.getProperty("baton.projectDir", "."))
        .resolve("helm/baton")
        .toAbsolutePath()
        .toString();
  }

  private int workerReplicas() {
    return cluster
        .client()
        .apps()
        .deployments()
        .inNamespace(cluster.namespace())
        .withName(NAME + "-worker")
        .get()
        .getSpec()
        .getReplicas();
  }

  public List<Pod> workers() {
    return cluster
        .client()
        .pods()
        .inNamespace(cluster.namespace())
        .withLabel("app.kubernetes.io/component", "meeting-worker")
        .list()
        .getItems();
  }

  /**
   * The one ready operator pod; the release runs a single replica unless a test asks more. The
   * operator may already act while its readiness probe, which waits for the startup probe, has not
   * passed yet: this waits up to a minute for it.
   */
  public Pod operator() {
    var operators =
        cluster
            .client()
            .pods()
            .inNamespace(cluster.namespace())
            .withLabel("app.kubernetes.io/component", "operator");
    try {
      return org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> operators.list().getItems().stream().filter(BatonRelease::isReady).findFirst(),
              java.util.Optional::isPresent)
          .orElseThrow();
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no ready operator pod within a minute", e);
    }
  }

  /** Worker pods that are Ready and not being deleted. */
  public List<Pod> readyWorkers() {
    return workers().stream().filter(BatonRelease::isReady).toList();
  }

  static boolean isReady(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public Meeting create(Meeting meeting) {
    meeting.getMetadata().setNamespace(cluster.namespace());
    return cluster.client().resource(meeting).create();
  }

  public Meeting get(String name) {
    return cluster
        .client()
        .resources(Meeting.class)
        .inNamespace(cluster.namespace())
        .withName(name)
        .get();
  }

  /** Waits until the meeting satisfies {@code condition}; returns it then. */
  public Meeting await(String name, Duration atMost, Predicate<Meeting> condition) {
    org.awaitility.Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> condition.test(get(name)));
    return get(name);
  }

  public Meeting awaitPhase(String name, MeetingPhase phase) {
    return await(
        name,
        Duration.ofSeconds(60),
        m -> m.getStatus() != null && m.getStatus().getPhase() == phase);
  }

  /** The output of a pod's only container so far. */
  public String log(String pod, String container) throws Exception {
    Path file = cluster.agent().logOf(cluster.namespace(), pod, container);
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** Everything a reader needs when a test fails: meetings, events and the Baton pods' logs. */
  public String diagnostics() {
    StringBuilder out = new StringBuilder();
    try {
      out.append(cluster.kubectl("get", "mtg,pods", "-o", "wide", "-n", cluster.namespace()));
      out.append(cluster.kubectl("get", "mtg", "-o", "yaml", "-n", cluster.namespace()));
      out.append(cluster.kubectl("get", "events", "-n", cluster.namespace()));
      for (Pod pod : cluster.client().pods().inNamespace(cluster.namespace()).list().getItems()) {
        String name = pod.getMetadata().getName();
        String container = pod.getSpec().getContainers().get(0).getName();
        out.append("\n--- log of ").append(name).append('\n').append(log(name, container));
      }
    } catch (Exception e) {
      out.append("(could not collect diagnostics: ").append(e).append(")");
    }
    return out.toString();
  }
}
