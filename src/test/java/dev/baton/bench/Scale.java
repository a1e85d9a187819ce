package dev.baton.bench;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.ControlPlane;
import dev.baton.testbed.MeetingClient;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thousands of meetings on the pool: what they cost the operator and the workers (CPU from
 * /proc/pid/stat, resident memory from /proc/pid/status, live heap from jcmd after a full GC), how
 * many writes they send the API server, and how old their checkpoints get while they change.
 */
final class Scale {

  private static final double MB = 1024 * 1024;

  private final BenchOptions options;
  private final ControlPlane plane;
  private final BatonRelease baton;
  private final MeetingWatch watch;
  private final Report report;
  private int meetingsBefore;
  private long workerHeapBefore;
  private Map<String, Double> writesBefore;
  private double operatorCpuBefore;

  Scale(
      BenchOptions options,
      ControlPlane plane,
      BatonRelease baton,
      MeetingWatch watch,
      Report report) {
    this.options = options;
    this.plane = plane;
    this.baton = baton;
    this.watch = watch;
    this.report = report;
  }

  void measureBefore() throws IOException {
    meetingsBefore = running().size();
    workerHeapBefore = workers().stream().mapToLong(PodProcess::liveHeapBytes).sum();
    report.put("scale.meetingsBeforeGrowth", meetingsBefore);
    report.put("scale.workerLiveHeapMbBeforeGrowth", Bench.round(workerHeapBefore / MB));
    writesBefore = ApiWrites.read(plane);
    operatorCpuBefore = operator().cpuSeconds();
  }

  void measureGrowth(int added, Instant start) throws IOException {
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    report.put("scale.growth.meetingsAdded", added);
    report.put("scale.growth.seconds", Bench.round(seconds));
    report.put("scale.growth.meetingsPerSecond", Bench.round(added / seconds));
    report.put(
        "scale.growth.apiWritesPerSecond",
        rounded(ApiWrites.ratePerSecond(writesBefore, ApiWrites.read(plane), seconds)));
    report.put(
        "scale.growth.operatorCpuCores",
        Bench.round100((operator().cpuSeconds() - operatorCpuBefore) / seconds));
  }

  /** Feeds every meeting once per checkpoint interval for the window, then takes the figures. */
  void steadyWindow() throws Exception {
    List<PodProcess> workers = workers();
    PodProcess operator = operator();
    Map<String, Double> writes = ApiWrites.read(plane);
    double operatorCpu = operator.cpuSeconds();
    double workerCpu = cpu(workers);
    Instant start = Instant.now();
    Feeder feeder = new Feeder(running());
    feeder.run(options.checkpoint(), start.plus(options.steadyWindow()));
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    report.put(
        "scale.steady.apiWritesPerSecond",
        rounded(ApiWrites.ratePerSecond(writes, ApiWrites.read(plane), seconds)));
    report.put("scale.steady.seconds", Bench.round(seconds));
    report.put("scale.steady.transcriptLinesSent", feeder.sent.get());
    report.put("scale.steady.transcriptLinesRefused", feeder.refused.get());
    report.put(
        "scale.steady.operatorCpuCores",
        Bench.round100((operator.cpuSeconds() - operatorCpu) / seconds));
    report.put(
        "scale.steady.workerCpuCoresAll", Bench.round100((cpu(workers) - workerCpu) / seconds));
    checkpointAges();
    memory(workers, operator);
  }

  private void checkpointAges() {
    Instant now = Instant.now();
    Samples ages = new Samples("checkpoint age", "ms");
    int without = 0;
    for (Meeting meeting : running()) {
      var snapshot = meeting.getStatus().getSnapshot();
      if (snapshot == null || snapshot.getTakenAt() == null) {
        without++;
        continue;
      }
      ages.add(Duration.between(Instant.parse(snapshot.getTakenAt()), now).toMillis());
    }
    report.samples("scale.checkpointAge", ages, "Checkpoint age at the end of the steady window");
    report.put("scale.meetingsWithoutCheckpoint", without);
  }

  private void memory(List<PodProcess> workers, PodProcess operator) throws IOException {
    int meetings = running().size();
    long heap = 0;
    Map<String, Object> perWorker = new LinkedHashMap<>();
    for (PodProcess worker : workers) {
      long live = worker.liveHeapBytes();
      heap += live;
      perWorker.put(
          worker.pod(),
          Map.of(
              "liveHeapMb", Bench.round(live / MB),
              "rssMb", Bench.round(worker.rssBytes() / MB)));
    }
    report.put("scale.meetings", meetings);
    report.put("scale.workers", perWorker);
    report.put("scale.workerLiveHeapMbAll", Bench.round(heap / MB));
    report.put(
        "scale.workerLiveHeapMbPer1000Meetings",
        Bench.round((heap - workerHeapBefore) / MB / (meetings - meetingsBefore) * 1000));
    report.put("scale.operatorLiveHeapMb", Bench.round(operator.liveHeapBytes() / MB));
    report.put("scale.operatorRssMb", Bench.round(operator.rssBytes() / MB));
  }

  private List<Meeting> running() {
    return watch.all().stream()
        .filter(m -> m.getStatus() != null && m.getStatus().getPhase() == MeetingPhase.RUNNING)
        .toList();
  }

  private List<PodProcess> workers() {
    return baton.readyWorkers().stream().map(PodProcess::of).toList();
  }

  private PodProcess operator() {
    Pod pod =
        plane
            .client()
            .pods()
            .inNamespace(Bench.NAMESPACE)
            .withLabel("app.kubernetes.io/component", "operator")
            .list()
            .getItems()
            .get(0);
    return PodProcess.of(pod);
  }

  private static double cpu(List<PodProcess> processes) throws IOException {
    double sum = 0;
    for (PodProcess process : processes) {
      sum += process.cpuSeconds();
    }
    return sum;
  }

  private static Map<String, Double> rounded(Map<String, Double> rates) {
    Map<String, Double> result = new LinkedHashMap<>();
    rates.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> result.put(e.getKey(), Bench.round(e.getValue())));
    return result;
  }

  /** Sends each meeting one transcript line per round, spread evenly over the round. */
  private static final class Feeder {
    private final List<Meeting> meetings;
    private final MeetingClient client = new MeetingClient(Bench.NAMESPACE);
    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    Feeder(List<Meeting> meetings) {
      this.meetings = new ArrayList<>(meetings);
    }

    void run(Duration round, Instant until) throws InterruptedException {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      long pause = Math.max(1, round.toNanos() / Math.max(1, meetings.size()));
      long seq = 0;
      while (Instant.now().isBefore(until)) {
        seq++;
        long roundStart = System.nanoTime();
        for (int i = 0; i < meetings.size() && Instant.now().isBefore(until); i++) {
          Meeting meeting = meetings.get(i);
          long line = seq;
          pool.execute(() -> send(meeting, line));
          long due = roundStart + pause * (i + 1);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
      }
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }

    private void send(Meeting meeting, long seq) {
      String address = meeting.getStatus().getAssignment().getAddress();
      String name = meeting.getMetadata().getName();
      try {
        var answer = client.say(address, name, seq, "Ana", "line " + seq + " about the deadline");
        (answer.status() == 200 ? sent : refused).incrementAndGet();
      } catch (IOException e) {
        refused.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
