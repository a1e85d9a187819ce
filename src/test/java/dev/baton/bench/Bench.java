package dev.baton.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.baton.api.v1alpha1.CheckpointSpec;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.ControlPlane;
import dev.baton.testbed.ImageMap;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.NodeAgent;
import dev.baton.testbed.TestBed;
import dev.baton.testbed.TestBedLogging;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Baton's benchmark: on the local control plane, in one run, it times apply-to-Running, the gap of
 * a drain, crash recovery, the cost of thousands of meetings, and a one-pod-per-meeting baseline;
 * then prints a table and writes a JSON report and plots into one folder.
 */
public final class Bench {

  static final String NAMESPACE = "bench";
  private static final String OPERATOR_NODE = "op-1";

  private final BenchOptions options;
  private final ControlPlane plane;
  private final NodeAgent agent;
  private final TestBed.Cluster cluster;
  private final Report report;
  private BatonRelease baton;
  private MeetingWatch watch;
  private int nodeSerial;

  private Bench(BenchOptions options, ControlPlane plane, NodeAgent agent, Report report) {
    this.options = options;
    this.plane = plane;
    this.agent = agent;
    this.cluster = new TestBed.Cluster(plane, agent, NAMESPACE);
    this.report = report;
  }

  public static void main(String[] args) {
    TestBedLogging.toConsole();
    TestBedLogging.hideExpectedResets();
    int exitCode = 1;
    try {
      String joined = System.getProperty("baton.benchArgs", "");
      String[] all = joined.isBlank() ? args : joined.trim().split("\\s+");
      run(BenchOptions.parse(all));
      exitCode = 0;
    } catch (IllegalArgumentException usage) {
      System.err.println(usage.getMessage());
      exitCode = 2;
    } catch (Exception | Error e) {
      e.printStackTrace();
    } finally {
      // The HTTP clients' event-loop threads are not daemons and would keep the JVM alive.
      System.exit(exitCode);
    }
  }

  private static void run(BenchOptions options) throws Exception {
    Files.createDirectories(options.out);
    Report report = new Report(options);
    say("benchmark report goes to " + options.out.toAbsolutePath());
    try (ControlPlane plane = ControlPlane.startWithDefaultNodeLifecycle();
        NodeAgent agent = new NodeAgent(plane, ImageMap.defaults(TestBed.batonJar()))) {
      Bench bench = new Bench(options, plane, agent, report);
      try {
        bench.runPhases();
      } finally {
        bench.keepLogs();
        report.finish();
        report.printTable();
      }
    }
  }

  private void runPhases() throws Exception {
    report.machine(plane);
    Baseline baseline = null;
    Thread baselineCrash = null;
    if (options.runs("baseline")) {
      baseline = startBaseline();
      baselineCrash = crashBaselineInBackground(baseline);
    }
    installBaton();
    if (options.runs("crash")) {
      crashes();
      report.write();
    }
    if (options.runs("placement")) {
      placement();
      report.write();
    }
    if (options.runs("drain")) {
      drain();
      report.write();
    }
    if (options.runs("scale")) {
      scale();
      report.write();
    }
    if (baselineCrash != null) {
      say("waiting for the baseline's node crash to play out (Kubernetes defaults)");
      baselineCrash.join(Duration.ofMinutes(15).toMillis());
    }
    if (baseline != null) {
      report.samples("baseline.drain", baseline.drain, "Baseline: drain to replacement pod Ready");
      report.samples("baseline.crash", baseline.crash, "Baseline: node crash to replacement Ready");
      report.put("baseline.crashTimeline", baseline.crashTimeline);
    }
  }

  // ---- set-up

  private Baseline startBaseline() throws InterruptedException {
    List<String> nodes = List.of("b-1", "b-2", "b-3");
    nodes.forEach(node -> agent.addNode(node, Map.of("pool", "baseline")));
    Baseline baseline = new Baseline(plane, agent, nodes);
    say("baseline: a Deployment of " + options.baselinePods + " pods, one per meeting");
    baseline.deploy(options.baselinePods);
    say("baseline: kubectl drain of a node");
    baseline.measureDrain(options.baselinePods);
    return baseline;
  }

  private Thread crashBaselineInBackground(Baseline baseline) {
    if (!options.baselineCrash) {
      return null;
    }
    say("baseline: crashing a node; its pods wait for Kubernetes' default timeouts");
    Thread thread =
        new Thread(
            () -> {
              try {
                baseline.measureCrash(options.baselinePods);
              } catch (Exception e) {
                report.note("baseline crash: " + e.getMessage());
              }
            },
            "bench-baseline-crash");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void installBaton() throws InterruptedException {
    agent.addNode(OPERATOR_NODE, Map.of("role", "operator"));
    for (int i = 0; i <= options.workers; i++) {
      addWorkerNode();
    }
    plane.kubectl("create", "namespace", NAMESPACE);
    say("installing Baton: one operator, " + options.workers + " workers");
    baton =
        BatonRelease.install(
            cluster,
            "worker.replicas=0",
            "worker.nodeSelector.pool=baton",
            "operator.nodeSelector.kubernetes\\.io/hostname=" + OPERATOR_NODE);
    // One JVM starting at a time: on two shared cores, several at once can each miss the
    // liveness probe's minute and be restarted over and over.
    for (int i = 1; i <= options.workers; i++) {
      plane.kubectl("scale", "deployment/baton-worker", "-n", NAMESPACE, "--replicas=" + i);
      awaitReadyWorkers(i);
    }
    watch = new MeetingWatch(plane.client(), NAMESPACE);
    report.put("workerNodesAtStart", options.workers + 1);
  }

  private String addWorkerNode() {
    String node = "w-" + (++nodeSerial);
    agent.addNode(node, Map.of("pool", "baton"));
    return node;
  }

  // ---- 3. crash recovery

  private void crashes() throws Exception {
    say("crash recovery: " + options.crashes + " worker crashes in sequence");
    Samples perMeeting = new Samples("crash recovery per meeting", "ms");
    Samples perEvent = new Samples("crash recovery per crash (slowest meeting)", "ms");
    Samples victimsPerCrash = new Samples("meetings on the crashed worker", "meetings");
    for (int i = 1; i <= options.crashes; i++) {
      awaitReadyWorkers(options.workers - 1);
      List<String> fresh = createAll("crash-" + i + "-", options.perCrash);
      awaitAllRunning(fresh, Duration.ofMinutes(3));
      String node = busiestNodeOf(fresh);
      Map<String, Long> victims = meetingsOn(node);
      Instant crashed = Instant.now();
      agent.crashNode(node);
      long slowest = 0;
      for (Map.Entry<String, Long> victim : victims.entrySet()) {
        Instant at =
            watch.awaitRunning(victim.getKey(), victim.getValue() + 1, Duration.ofMinutes(3));
        long millis = Duration.between(crashed, at).toMillis();
        perMeeting.add(millis);
        slowest = Math.max(slowest, millis);
      }
      perEvent.add(slowest);
      victimsPerCrash.add(victims.size());
      say(
          "crash "
              + i
              + ": "
              + victims.size()
              + " meetings on "
              + node
              + ", all Running elsewhere after "
              + slowest
              + " ms");
      replaceNode(node);
    }
    report.samples("crash.perMeeting", perMeeting, "Crash recovery, kill to Running elsewhere");
    report.samples("crash.perEvent", perEvent, null);
    report.samples("crash.meetingsPerCrash", victimsPerCrash, null);
  }

  /** The dead node goes away for good; a fresh one takes its place in the pool. */
  private void replaceNode(String node) {
    plane.client().nodes().withName(node).delete();
    for (Pod pod : baton.workers()) {
      if (node.equals(pod.getSpec().getNodeName())) {
        plane.client().pods().inNamespace(NAMESPACE).resource(pod).withGracePeriod(0).delete();
      }
    }
    addWorkerNode();
  }

  // ---- 1. apply to Running

  private void placement() throws Exception {
    awaitReadyWorkers(options.workers);
    say("apply to Running: " + options.placement + " meetings on a warm pool");
    Map<String, Instant> created = new java.util.concurrent.ConcurrentHashMap<>();
    Instant start = Instant.now();
    Map<String, Double> writes = ApiWrites.read(plane);
    double operatorCpu = operatorProcess().cpuSeconds();
    List<String> names = createAll("place-", options.placement, created);
    Samples samples = new Samples("apply to Running", "ms");
    Instant last = start;
    for (String name : names) {
      Instant at = watch.awaitRunning(name, 1, Duration.ofMinutes(10));
      samples.add(Duration.between(created.get(name), at).toMillis());
      last = at.isAfter(last) ? at : last;
    }
    double seconds = Duration.between(start, last).toMillis() / 1000.0;
    report.samples("placement.applyToRunning", samples, "Apply to Running");
    report.put("placement.meetingsPerSecond", round(names.size() / seconds));
    report.put(
        "placement.apiWritesPerSecond",
        ApiWrites.ratePerSecond(writes, ApiWrites.read(plane), seconds).get("total"));
    report.put(
        "placement.operatorCpuCores",
        round100((operatorProcess().cpuSeconds() - operatorCpu) / seconds));
    report.put("placement.createThreads", options.createThreads);
  }

  // ---- 2. graceful handoff

  private void drain() throws Exception {
    awaitReadyWorkers(options.workers);
    int missing = options.drainLoad * options.workers - watch.all().size();
    if (missing > 0) {
      say(
          "drain: adding "
              + missing
              + " meetings so that each worker hosts about "
              + options.drainLoad);
      awaitAllRunning(createAll("fill-", missing), Duration.ofMinutes(10));
    }
    Map<String, Long> load = loadByWorker();
    String worker =
        load.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    String node = nodeOf(worker);
    Map<String, Long> victims = meetingsOn(node);
    say("drain: kubectl drain " + node + " whose worker hosts " + victims.size() + " meetings");
    Instant start = Instant.now();
    new dev.baton.testbed.MeetingSteps(cluster, baton).drain(node);
    long drainMillis = Duration.between(start, Instant.now()).toMillis();
    Samples gaps = new Samples("graceful handoff gap", "ms");
    Samples toRunning = new Samples("drain start to Running elsewhere", "ms");
    for (Map.Entry<String, Long> victim : victims.entrySet()) {
      Instant at =
          watch.awaitRunning(victim.getKey(), victim.getValue() + 1, Duration.ofMinutes(3));
      toRunning.add(Duration.between(start, at).toMillis());
      gaps.add(awaitGap(victim.getKey(), victim.getValue() + 1));
    }
    plane.kubectl("uncordon", node);
    report.samples("drain.gap", gaps, "Graceful handoff gap (status.handoffs.last.gapMillis)");
    report.samples("drain.startToRunning", toRunning, null);
    report.put("drain.meetingsOnDrainedWorker", victims.size());
    report.put("drain.kubectlDrainMillis", drainMillis);
    report.put("drain.handoffKinds", kindsOf(victims.keySet()));
  }

  private long awaitGap(String name, long epoch) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      var status = watch.get(name).map(Meeting::getStatus).orElse(null);
      if (status != null
          && status.getAssignment().getEpoch() >= epoch
          && status.getHandoffs() != null
          && status.getHandoffs().getLast().getGapMillis() != null) {
        return status.getHandoffs().getLast().getGapMillis();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no handoff gap recorded for " + name);
  }

  private Map<String, Long> kindsOf(java.util.Set<String> names) {
    return names.stream()
        .map(name -> watch.get(name).orElseThrow().getStatus().getHandoffs().getLast().getKind())
        .collect(Collectors.groupingBy(String::valueOf, Collectors.counting()));
  }

  // ---- 4. scale

  private void scale() throws Exception {
    awaitReadyWorkers(options.workers);
    Scale scale = new Scale(options, plane, baton, watch, report);
    int missing = options.meetings - watch.all().size();
    scale.measureBefore();
    Instant start = Instant.now();
    if (missing > 0) {
      say("scale: adding " + missing + " meetings, up to " + options.meetings);
      awaitAllRunning(createAll("scale-", missing), Duration.ofMinutes(30));
    }
    scale.measureGrowth(missing, start);
    say(
        "scale: steady window of "
            + options.steadyWindow().toSeconds()
            + " s with transcript on every meeting");
    scale.steadyWindow();
  }

  // ---- helpers

  private List<String> createAll(String prefix, int count) throws Exception {
    return createAll(prefix, count, new java.util.concurrent.ConcurrentHashMap<>());
  }

  /** Creates {@code count} meetings on a few threads, noting when each create was sent. */
  private List<String> createAll(String prefix, int count, Map<String, Instant> created)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(options.createThreads);
    List<String> names = new ArrayList<>();
    List<Future<?>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = prefix + i;
      names.add(name);
      sent.add(
          pool.submit(
              () -> {
                Meeting meeting = Meetings.standUp(name);
                meeting.getSpec().setCheckpoint(new CheckpointSpec(options.checkpointInterval));
                created.put(name, Instant.now());
                baton.create(meeting);
              }));
    }
    for (Future<?> future : sent) {
      future.get();
    }
    pool.shutdown();
    return names;
  }

  private void awaitAllRunning(List<String> names, Duration atMost) throws InterruptedException {
    for (String name : names) {
      watch.awaitRunning(name, 1, atMost);
    }
  }

  private void awaitReadyWorkers(int count) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (baton.readyWorkers().size() < count) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("fewer than " + count + " ready workers after 5 minutes");
      }
      Thread.sleep(500);
    }
  }

  private PodProcess operatorProcess() {
    return PodProcess.of(
        plane
            .client()
            .pods()
            .inNamespace(NAMESPACE)
            .withLabel("app.kubernetes.io/component", "operator")
            .list()
            .getItems()
            .get(0));
  }

  /** Copies the Baton pods' logs next to the report, for reading after the run. */
  private void keepLogs() {
    try {
      java.nio.file.Path dir = Files.createDirectories(options.out.resolve("logs"));
      for (Pod pod : plane.client().pods().inNamespace(NAMESPACE).list().getItems()) {
        String name = pod.getMetadata().getName();
        String container = pod.getSpec().getContainers().get(0).getName();
        java.nio.file.Path log = agent.logOf(NAMESPACE, name, container);
        if (Files.exists(log)) {
          Files.copy(log, dir.resolve(name + ".log"));
        }
      }
    } catch (Exception e) {
      report.note("could not keep the pod logs: " + e.getMessage());
    }
  }

  private String busiestNodeOf(List<String> names) {
    return names.stream()
        .map(name -> watch.get(name).orElseThrow().getStatus().getAssignment().getNode())
        .collect(Collectors.groupingBy(node -> node, Collectors.counting()))
        .entrySet()
        .stream()
        .max(Map.Entry.comparingByValue())
        .orElseThrow()
        .getKey();
  }

  /** The Running meetings assigned to workers on {@code node}, with their current epochs. */
  private Map<String, Long> meetingsOn(String node) {
    Map<String, Long> result = new LinkedHashMap<>();
    for (Meeting meeting : watch.all()) {
      var status = meeting.getStatus();
      if (status != null
          && status.getPhase() == MeetingPhase.RUNNING
          && node.equals(status.getAssignment().getNode())) {
        result.put(meeting.getMetadata().getName(), status.getAssignment().getEpoch());
      }
    }
    return result;
  }

  private Map<String, Long> loadByWorker() {
    return watch.all().stream()
        .filter(m -> m.getStatus() != null && m.getStatus().getAssignment() != null)
        .collect(
            Collectors.groupingBy(
                m -> m.getStatus().getAssignment().getWorker(), Collectors.counting()));
  }

  private String nodeOf(String worker) {
    return baton.workers().stream()
        .filter(p -> p.getMetadata().getName().equals(worker))
        .findFirst()
        .orElseThrow()
        .getSpec()
        .getNodeName();
  }

  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  static double round100(double value) {
    return Math.round(value * 100) / 100.0;
  }

  static void say(String line) {
    System.out.println("==> " + line);
  }

  static ObjectMapper json() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  static void sleep(Duration duration) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(duration.toMillis());
  }
}
