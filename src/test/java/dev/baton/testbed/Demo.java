package dev.baton.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.api.v1alpha1.HandoffRecord;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The README's demo: Baton on a local control plane with three simulated nodes. It applies the
 * sample meetings, feeds them transcript, drains the node that hosts the most of them, and prints
 * where each meeting went, how long it had no process, and whether its state carried over.
 */
public final class Demo {

  private static final String NAMESPACE = "baton-demo";
  private static final String[] SPEAKERS = {"Ana", "Ben", "Chloe"};

  private final ControlPlane plane;
  private final TestBed.Cluster cluster;
  private final BatonRelease baton;
  private final MeetingClient client = new MeetingClient(NAMESPACE);
  private final HookReceiver hooks;

  private Demo(ControlPlane plane, NodeAgent agent, HookReceiver hooks) {
    this.plane = plane;
    this.hooks = hooks;
    this.cluster = new TestBed.Cluster(plane, agent, NAMESPACE);
    plane.kubectl("create", "namespace", NAMESPACE);
    say("installing Baton with its Helm chart: two operator replicas, three workers");
    this.baton = BatonRelease.install(cluster, "operator.replicas=2");
  }

  public static void main(String[] args) {
    TestBedLogging.toConsole();
    int exitCode = 1;
    try {
      run();
      exitCode = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    } finally {
      // The HTTP client's event-loop threads are not daemons and would keep the JVM alive.
      System.exit(exitCode);
    }
  }

  private static void run() throws Exception {
    say("starting a local control plane with three simulated nodes");
    try (ControlPlane plane = ControlPlane.start();
        NodeAgent agent = new NodeAgent(plane, ImageMap.defaults(TestBed.batonJar()));
        HookReceiver hooks = new HookReceiver()) {
      for (String node : TestBed.NODES) {
        agent.addNode(node, Map.of());
      }
      Demo demo = new Demo(plane, agent, hooks);
      List<String> meetings = demo.tellTheGracefulStory();
      demo.tellTheCrashStory(meetings);
    }
  }

  private List<String> tellTheGracefulStory() throws Exception {
    List<String> meetings = applySamples();
    meetings.addAll(createStandUps(6));
    for (String name : meetings) {
      baton.awaitPhase(name, MeetingPhase.RUNNING);
    }
    System.out.println(plane.kubectl("get", "mtg", "-n", NAMESPACE));
    feed(meetings, 1, 20);

    String node = busiestNode(meetings);
    Map<String, Meeting> before = snapshotOf(meetings);
    Map<String, JsonNode> states = statesOf(meetings);
    say("draining " + node + " (kubectl drain, under the workers' PodDisruptionBudget)");
    plane.kubectl(
        "drain",
        node,
        "--pod-selector=" + BatonRelease.WORKER_LABEL,
        "--ignore-daemonsets",
        "--delete-emptydir-data",
        "--timeout=180s");
    List<String> moved = meetings.stream().filter(m -> onNode(before.get(m), node)).toList();
    for (String name : moved) {
      awaitEpoch(name, before.get(name).getStatus().getAssignment().getEpoch() + 1);
    }
    printMoves(meetings, before, states);
    System.out.println(plane.kubectl("get", "mtg", "-n", NAMESPACE));
    plane.kubectl("uncordon", node);
    return meetings;
  }

  /**
   * Crashes the node that now hosts the most meetings: no SIGTERM, no final snapshot. Its meetings
   * come back elsewhere from their last checkpoint; the demo prints how long that took and how much
   * transcript must be resent.
   */
  private void tellTheCrashStory(List<String> meetings) throws Exception {
    String node = busiestNode(meetings);
    Map<String, Meeting> before = snapshotOf(meetings);
    List<String> victims = meetings.stream().filter(m -> onNode(before.get(m), node)).toList();
    feed(meetings, 21, 30);
    say("waiting for a checkpoint that holds line 30 of each meeting on " + node);
    for (String name : victims) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                var snapshot = baton.get(name).getStatus().getSnapshot();
                return snapshot != null && snapshot.getAppliedSeq() >= 30;
              });
    }
    feed(meetings, 31, 35);
    say("crashing " + node + ": kill -9 of its processes, and its heartbeats stop");
    java.time.Instant crashed = java.time.Instant.now();
    cluster.agent().crashNode(node);
    String format = "%-20s %-30s %5s %12s %15s %10s %9s%n";
    System.out.printf(
        "%n" + format,
        "MEETING",
        "NOW ON",
        "EPOCH",
        "RECOVERY(ms)",
        "CHECKPOINT AGE",
        "RESUMED AT",
        "TO RESEND");
    for (String name : victims) {
      awaitEpoch(name, before.get(name).getStatus().getAssignment().getEpoch() + 1);
      long recovery = java.time.Duration.between(crashed, java.time.Instant.now()).toMillis();
      var status = baton.get(name).getStatus();
      var recovered = status.getHandoffs().getLast().getRecovered();
      System.out.printf(
          format,
          name,
          status.getAssignment().getWorker(),
          status.getAssignment().getEpoch(),
          recovery,
          recovered.getSnapshotAgeMillis() + " ms",
          "seq " + recovered.getAppliedSeq(),
          (35 - recovered.getAppliedSeq()) + " lines");
    }
    System.out.println();
    System.out.println(plane.kubectl("get", "mtg", "-n", NAMESPACE));
  }

  /** Applies every sample but the invalid one; the hooks point at a receiver the demo runs. */
  private List<String> applySamples() throws IOException {
    Path samples = Path.of(System.getProperty("baton.projectDir", ".")).resolve("samples");
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(samples)) {
      for (Path file : files.sorted().toList()) {
        if (file.getFileName().toString().startsWith("invalid")) {
          continue;
        }
        String yaml = Files.readString(file).replaceAll("http://[^\\s\"']+", hooks.url("/hook"));
        Path local = plane.workDir().resolve(file.getFileName());
        Files.writeString(local, yaml);
        say("applying " + samples.getFileName().resolve(file.getFileName()));
        String out = plane.kubectl("apply", "-n", NAMESPACE, "-f", local.toString());
        names.add(out.strip().split("\\s+")[0].replace("meeting.baton.dev/", ""));
      }
    }
    return names;
  }

  /** A few more meetings beside the samples, so that a drain moves several at once. */
  private List<String> createStandUps(int count) {
    say("creating " + count + " more stand-ups");
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String name = "team-" + (char) ('a' + i - 1) + "-standup";
      baton.create(Meetings.standUp(name));
      names.add(name);
    }
    return names;
  }

  private void feed(List<String> meetings, long from, long to) throws Exception {
    say("feeding " + (to - from + 1) + " transcript lines to each meeting through the workers");
    String worker = baton.readyWorkers().get(0).getStatus().getPodIP() + ":8080";
    for (String name : meetings) {
      for (long seq = from; seq <= to; seq++) {
        client.say(
            worker,
            name,
            seq,
            SPEAKERS[(int) (seq % SPEAKERS.length)],
            "line " + seq + ": the launch deadline is close and one blocker is left");
      }
    }
  }

  private String busiestNode(List<String> meetings) {
    Map<String, Integer> count = new LinkedHashMap<>();
    for (String name : meetings) {
      count.merge(baton.get(name).getStatus().getAssignment().getNode(), 1, Integer::sum);
    }
    return count.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private Map<String, Meeting> snapshotOf(List<String> meetings) {
    Map<String, Meeting> result = new LinkedHashMap<>();
    meetings.forEach(name -> result.put(name, baton.get(name)));
    return result;
  }

  private Map<String, JsonNode> statesOf(List<String> meetings) throws Exception {
    Map<String, JsonNode> result = new LinkedHashMap<>();
    for (String name : meetings) {
      result.put(name, state(name));
    }
    return result;
  }

  private JsonNode state(String name) throws Exception {
    String worker = baton.readyWorkers().get(0).getStatus().getPodIP() + ":8080";
    return client.state(worker, name).body().get("state");
  }

  private static boolean onNode(Meeting meeting, String node) {
    return node.equals(meeting.getStatus().getAssignment().getNode());
  }

  private void awaitEpoch(String name, long epoch) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              var status = baton.get(name).getStatus();
              return status.getPhase() == MeetingPhase.RUNNING
                  && status.getAssignment().getEpoch() == epoch
                  && status.getHandoffs().getLast().getGapMillis() != null;
            });
  }

  private void printMoves(
      List<String> meetings, Map<String, Meeting> before, Map<String, JsonNode> states)
      throws Exception {
    String format = "%-20s %-30s %-30s %5s %8s %10s%n";
    System.out.printf("%n" + format, "MEETING", "FROM", "TO", "EPOCH", "GAP(ms)", "SAME STATE");
    for (String name : meetings) {
      var was = before.get(name).getStatus().getAssignment();
      var now = baton.get(name).getStatus();
      boolean moved = now.getAssignment().getEpoch() > was.getEpoch();
      HandoffRecord last = moved ? now.getHandoffs().getLast() : null;
      boolean same = state(name).equals(states.get(name));
      System.out.printf(
          format,
          name,
          was.getWorker(),
          moved ? last.getTo() : "(stayed)",
          now.getAssignment().getEpoch(),
          moved ? String.valueOf(last.getGapMillis()) : "-",
          same ? "yes" : "NO");
    }
    System.out.println();
  }

  private static void say(String line) {
    System.out.println("==> " + line);
  }
}
