package dev.baton.testbed;

import dev.baton.api.Durations;
import dev.baton.api.v1alpha1.HandoffRecord;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * Runs the load generator by itself: a local control plane with three simulated nodes, Baton from
 * its chart, N meetings each fed M transcript segments per second through the meeting Service, and
 * one fault in the middle (a rolling restart of every worker by default). Prints what the clients
 * saw and what the meetings hold, and exits non-zero when a segment was lost or doubled or a
 * request failed for good.
 */
public final class LoadRun {

  private static final String NAMESPACE = "baton-load";

  /** What to do to the workers while the clients talk. */
  enum Fault {
    ROLLING_RESTART,
    NODE_CRASH,
    NONE
  }

  record Options(int meetings, double rate, Duration calm, Fault fault) {

    Options {
      if (meetings < 1 || rate <= 0 || calm.isNegative()) {
        throw new IllegalArgumentException(
            "--meetings must be at least 1, --rate above 0 and --calm not negative");
      }
    }

    static Options fromEnvironment() {
      return new Options(
          Integer.parseInt(env("BATON_LOAD_MEETINGS", "100")),
          Double.parseDouble(env("BATON_LOAD_RATE", "2")),
          Durations.parse(env("BATON_LOAD_CALM", "15s")),
          Fault.valueOf(
              env("BATON_LOAD_FAULT", "rolling-restart")
                  .toUpperCase(Locale.ROOT)
                  .replace('-', '_')));
    }

    private static String env(String name, String fallback) {
      String value = System.getenv(name);
      return value == null || value.isBlank() ? fallback : value;
    }
  }

  public static void main(String[] args) {
    TestBedLogging.toConsole();
    int exitCode = 1;
    try {
      exitCode = run(Options.fromEnvironment()) ? 0 : 2;
    } catch (Exception | Error e) {
      e.printStackTrace();
    } finally {
      // The HTTP client's event-loop threads are not daemons and would keep the JVM alive.
      System.exit(exitCode);
    }
  }

  private static boolean run(Options options) throws Exception {
    say("starting a local control plane with three simulated nodes");
    try (ControlPlane plane = ControlPlane.start();
        NodeAgent agent = new NodeAgent(plane, ImageMap.defaults(TestBed.batonJar()))) {
      for (String node : TestBed.NODES) {
        agent.addNode(node, Map.of());
      }
      TestBed.Cluster cluster = new TestBed.Cluster(plane, agent, NAMESPACE);
      plane.kubectl("create", "namespace", NAMESPACE);
      say("installing Baton with its Helm chart: one operator, three workers");
      BatonRelease baton = BatonRelease.install(cluster);
      List<String> names = createMeetings(baton, options.meetings());

      LoadGenerator load =
          new LoadGenerator(
              NAMESPACE,
              LoadGenerator.serviceEndpoints(cluster, BatonRelease.NAME + "-meetings"),
              names,
              options.rate());
      LoadGenerator.Report report = drive(cluster, baton, load, options);
      printReport(options, report, baton, names);
      return report.failed() == 0 && report.lost() == 0 && report.appliedTwice() == 0;
    }
  }

  private static List<String> createMeetings(BatonRelease baton, int count) {
    say("creating " + count + " meetings and waiting until each runs");
    List<String> names = IntStream.range(0, count).mapToObj(i -> "load-" + i).toList();
    names.forEach(name -> baton.create(Meetings.standUp(name)));
    names.forEach(name -> baton.awaitPhase(name, MeetingPhase.RUNNING));
    return names;
  }

  /** Calm, then the fault, then calm again until every meeting runs; the clients talk all along. */
  private static LoadGenerator.Report drive(
      TestBed.Cluster cluster, BatonRelease baton, LoadGenerator load, Options options)
      throws Exception {
    say(
        String.format(
            Locale.ROOT,
            "%d clients sending %s segments per second each through the meeting Service",
            options.meetings(),
            options.rate()));
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(() -> say(load.progress()), 10, 10, TimeUnit.SECONDS);
    var report = CompletableFuture.supplyAsync(() -> run(load, Duration.ofMinutes(30)));
    try {
      Thread.sleep(options.calm().toMillis());
      inflict(cluster, baton, options.fault());
      Thread.sleep(options.calm().toMillis());
      say("stopping the clients and checking every meeting's state");
      load.finishAt(Instant.now());
      return report.join();
    } finally {
      ticker.shutdownNow();
    }
  }

  private static void inflict(TestBed.Cluster cluster, BatonRelease baton, Fault fault) {
    String deployment = "deployment/" + BatonRelease.NAME + "-worker";
    switch (fault) {
      case ROLLING_RESTART -> {
        say("rolling restart of the worker Deployment (kubectl rollout restart)");
        cluster.kubectl("rollout", "restart", deployment, "-n", NAMESPACE);
        awaitRollout(cluster, BatonRelease.NAME + "-worker");
        say("rollout finished");
      }
      case NODE_CRASH -> {
        String node = nodeToCrash(cluster, baton);
        say("crashing " + node + ": kill -9 of its processes, and its heartbeats stop");
        cluster.agent().crashNode(node);
      }
      case NONE -> say("no fault");
    }
  }

  /** Waits until every replica of the Deployment runs its newest template and is available. */
  private static void awaitRollout(TestBed.Cluster cluster, String name) {
    var deployments = cluster.client().apps().deployments().inNamespace(NAMESPACE);
    long generation = deployments.withName(name).get().getMetadata().getGeneration();
    Awaitility.await()
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              var deployment = deployments.withName(name).get();
              var status = deployment.getStatus();
              int wanted = deployment.getSpec().getReplicas();
              return status.getObservedGeneration() >= generation
                  && status.getUpdatedReplicas() != null
                  && status.getUpdatedReplicas() == wanted
                  && status.getAvailableReplicas() != null
                  && status.getAvailableReplicas() == wanted
                  && (status.getReplicas() == null || status.getReplicas() == wanted);
            });
  }

  /** A node with a worker but without the operator, so that no leader election adds to the gap. */
  private static String nodeToCrash(TestBed.Cluster cluster, BatonRelease baton) {
    List<String> operatorNodes =
        cluster
            .client()
            .pods()
            .inNamespace(NAMESPACE)
            .withLabel("app.kubernetes.io/component", "operator")
            .list()
            .getItems()
            .stream()
            .map(pod -> pod.getSpec().getNodeName())
            .toList();
    return baton.readyWorkers().stream()
        .map(pod -> pod.getSpec().getNodeName())
        .filter(node -> !operatorNodes.contains(node))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("every worker shares a node with the operator"));
  }

  private static void printReport(
      Options options, LoadGenerator.Report report, BatonRelease baton, List<String> names) {
    List<Long> gaps = new ArrayList<>();
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    int moved = 0;
    for (String name : names) {
      Meeting meeting = baton.get(name);
      var handoffs = meeting.getStatus().getHandoffs();
      if (handoffs != null && handoffs.getCount() != null && handoffs.getCount() > 0) {
        moved++;
        HandoffRecord last = handoffs.getLast();
        if (last != null) {
          kinds.merge(String.valueOf(last.getKind()), 1, Integer::sum);
        }
        if (last != null && last.getGapMillis() != null) {
          gaps.add(last.getGapMillis());
        }
      }
    }
    gaps.sort(null);
    System.out.println();
    row("meetings", options.meetings());
    row("segments per second each", options.rate());
    row("fault", options.fault().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    row("run time", report.took().toSeconds() + " s");
    row("requests sent", report.sent());
    row("requests failed after retries", report.failed());
    row("requests retried", report.retried());
    row("segments resent after a move", report.resent());
    row("segments lost", report.lost());
    row("segments applied twice", report.appliedTwice());
    row("meetings moved at least once", moved + " (last move: " + kinds + ")");
    if (!gaps.isEmpty()) {
      row(
          "last handoff gap p50 / max",
          gaps.get(gaps.size() / 2) + " ms / " + gaps.get(gaps.size() - 1) + " ms");
    }
    report.findings().forEach(System.out::println);
    System.out.println();
  }

  private static void row(String what, Object value) {
    System.out.printf("%-32s %s%n", what, value);
  }

  private static LoadGenerator.Report run(LoadGenerator load, Duration atMost) {
    try {
      return load.run(atMost);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void say(String line) {
    System.out.println("==> " + line);
  }
}
