package dev.baton.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Drives meetings as well-behaved clients do: each sends numbered transcript segments at a fixed
 * rate through the meeting Service, retries a failed request with the same number, keeps each
 * segment until a checkpoint holds it, and resends what it keeps when the meeting moved. At the end
 * it checks each meeting's state: nothing acknowledged is missing, nothing counted twice.
 */
public final class LoadGenerator {

  private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
  private static final Duration GIVE_UP = Duration.ofSeconds(60);

  /** What a run did and found. */
  public record Report(
      int meetings,
      long sent,
      long failed,
      long retried,
      long resent,
      long lost,
      long appliedTwice,
      Duration took,
      List<String> findings) {

    @Override
    public String toString() {
      return String.format(
          "meetings %d | requests sent %d, failed %d, retried %d | segments resent after a move"
              + " %d, lost %d, applied twice %d | %d s",
          meetings, sent, failed, retried, resent, lost, appliedTwice, took.toSeconds());
    }
  }

  private final MeetingClient client;
  private final Supplier<List<String>> endpoints;
  private final List<String> meetings;
  private final double segmentsPerSecond;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong resent = new AtomicLong();
  private volatile Instant until = Instant.MAX;

  /** {@code endpoints} gives the ready addresses behind the meeting Service. */
  public LoadGenerator(
      String namespace,
      Supplier<List<String>> endpoints,
      List<String> meetings,
      double segmentsPerSecond) {
    this.client = new MeetingClient(namespace);
    this.endpoints = endpoints;
    this.meetings = meetings;
    this.segmentsPerSecond = segmentsPerSecond;
  }

  /**
   * Runs every meeting's client for {@code duration}, or until {@link #finishAt} moves the end
   * earlier, then verifies; blocks until done.
   */
  public Report run(Duration duration) throws Exception {
    Instant start = Instant.now();
    finishAt(start.plus(duration));
    ExecutorService threads = Executors.newFixedThreadPool(meetings.size());
    List<Speaker> speakers = meetings.stream().map(Speaker::new).toList();
    speakers.forEach(s -> threads.execute(s::talk));
    threads.shutdown();
    threads.awaitTermination(duration.plus(GIVE_UP).toMillis(), TimeUnit.MILLISECONDS);
    long lost = 0;
    long twice = 0;
    List<String> findings = new ArrayList<>();
    for (Speaker speaker : speakers) {
      long[] check = speaker.verify(findings);
      lost += check[0];
      twice += check[1];
    }
    return new Report(
        meetings.size(),
        sent.get(),
        failed.get(),
        retried.get(),
        resent.get(),
        lost,
        twice,
        Duration.between(start, Instant.now()),
        findings);
  }

  /** Moves the end of a running {@link #run} to {@code end}, if that comes sooner. */
  public void finishAt(Instant end) {
    if (end.isBefore(until)) {
      until = end;
    }
  }

  /** The counters so far, for progress lines while a run goes on. */
  public String progress() {
    return String.format(
        "requests sent %d, failed %d, retried %d, segments resent %d",
        sent.get(), failed.get(), retried.get(), resent.get());
  }

  /** One meeting's client. */
  private final class Speaker {
    private final String meeting;
    // Segments not yet known to be in a checkpoint: seq -> the checkpoint number at their answer.
    private final Map<Long, Long> unconfirmed = new ConcurrentSkipListMap<>();
    private final List<Long> gaveUp = new ArrayList<>();
    private long nextSeq = 1;
    private long epoch;

    Speaker(String meeting) {
      this.meeting = meeting;
    }

    /** Keeps to the rate on average: after a slow answer the next segments follow sooner. */
    void talk() {
      long pauseNanos = (long) (1e9 / segmentsPerSecond);
      // Clients start spread over one pause, as independent ones would, not all at once.
      long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(pauseNanos);
      sleep((next - System.nanoTime()) / 1_000_000);
      while (Instant.now().isBefore(until)) {
        long seq = nextSeq++;
        unconfirmed.put(seq, Long.MAX_VALUE);
        deliver(seq);
        next += pauseNanos;
        sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      }
    }

    /** Sends one segment until a worker answers 200; gives up after a minute. */
    private void deliver(long seq) {
      Instant giveUp = Instant.now().plus(GIVE_UP);
      for (boolean first = true; Instant.now().isBefore(giveUp); first = false) {
        if (!first) {
          retried.incrementAndGet();
          sleep(RETRY_PAUSE.toMillis());
        }
        sent.incrementAndGet();
        JsonNode answer = send(seq);
        if (answer != null) {
          confirm(seq, answer);
          return;
        }
      }
      failed.incrementAndGet();
      gaveUp.add(seq);
    }

    private JsonNode send(long seq) {
      List<String> ready = endpoints.get();
      if (ready.isEmpty()) {
        return null;
      }
      String address = ready.get(ThreadLocalRandom.current().nextInt(ready.size()));
      try {
        var answer = client.say(address, meeting, seq, "Speaker", text(seq));
        return answer.status() == 200 ? answer.body() : null;
      } catch (Exception e) {
        return null;
      }
    }

    /** Forgets what a checkpoint holds; after a move, resends everything it still keeps. */
    private void confirm(long seq, JsonNode answer) {
      long checkpoint = answer.get("checkpoint").asLong();
      unconfirmed.computeIfPresent(seq, (s, c) -> Math.min(c, checkpoint));
      unconfirmed.values().removeIf(atAnswer -> checkpoint >= atAnswer + 2);
      long answeredEpoch = answer.get("epoch").asLong();
      if (epoch != 0 && answeredEpoch != epoch) {
        epoch = answeredEpoch;
        for (long kept : List.copyOf(unconfirmed.keySet())) {
          if (kept != seq) {
            resent.incrementAndGet();
            deliver(kept);
          }
        }
      }
      epoch = answeredEpoch;
    }

    /**
     * {lost, applied twice} for this meeting, from its state at the end; adds a line to {@code
     * findings} when either is not zero.
     */
    long[] verify(List<String> findings) throws InterruptedException {
      JsonNode state = null;
      Instant giveUp = Instant.now().plus(GIVE_UP);
      for (int attempt = 0; state == null && Instant.now().isBefore(giveUp); attempt++) {
        List<String> ready = endpoints.get();
        if (!ready.isEmpty()) {
          try {
            var answer = client.state(ready.get(attempt % ready.size()), meeting);
            state = answer.status() == 200 ? answer.body().get("state") : null;
          } catch (java.io.IOException e) {
            state = null;
          }
        }
        if (state == null) {
          sleep(RETRY_PAUSE.toMillis());
        }
      }
      long expected = nextSeq - 1;
      long segments = state == null ? 0 : state.get("segments").asLong();
      if (segments != expected) {
        findings.add(
            String.format(
                "%s: sent segments 1..%d, the meeting holds %s; gave up on %s",
                meeting,
                expected,
                state == null ? "nothing (no answer to GET)" : segments + " segments",
                gaveUp.isEmpty() ? "none" : gaveUp));
      }
      return new long[] {Math.max(0, expected - segments), Math.max(0, segments - expected)};
    }
  }

  private static String text(long seq) {
    return "segment " + seq + " on the launch deadline and one blocker";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The ready addresses behind a Service, as kube-proxy would route to them: the Ready pods its
   * selector matches, on the Service's target port. (The EndpointSlices cannot be used here: the
   * API server refuses loopback addresses in them, and simulated pods live on loopback.)
   */
  public static Supplier<List<String>> serviceEndpoints(TestBed.Cluster cluster, String service) {
    var client = cluster.plane().newClient();
    var svc = client.services().inNamespace(cluster.namespace()).withName(service).get();
    Map<String, String> selector = svc.getSpec().getSelector();
    SharedIndexInformer<Pod> pods =
        client.pods().inNamespace(cluster.namespace()).withLabels(selector).inform();
    return () -> {
      List<String> ready = new ArrayList<>();
      for (Pod pod : pods.getStore().list()) {
        if (BatonRelease.isReady(pod) && pod.getStatus().getPodIP() != null) {
          ready.add(pod.getStatus().getPodIP() + ":" + targetPort(pod));
        }
      }
      return ready;
    };
  }

  private static int targetPort(Pod pod) {
    return pod.getSpec().getContainers().get(0).getPorts().stream()
        .filter(p -> "http".equals(p.getName()))
        .map(p -> p.getContainerPort())
        .findFirst()
        .orElse(8080);
  }
}
