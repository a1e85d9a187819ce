package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.baton.api.v1alpha1.AssignmentStatus;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingStatus;
import dev.baton.api.v1alpha1.ProcessStatus;
import dev.baton.process.HookSender;
import dev.baton.testbed.Meetings;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker follows Meetings from more than one thread (the informer's, and the one that goes over
 * every meeting after a Lease is regained); neither an older copy nor a race may stop or double a
 * process.
 */
class MeetingHostTest {

  private static final String ME = "worker-a";

  private final FakeStore store = new FakeStore();
  private final AtomicInteger starts = new AtomicInteger();
  private HttpServer apiServer;
  private KubernetesClient client;
  private ExecutorService hookThreads;
  private MeetingHost host;

  @BeforeEach
  void setUp() throws IOException {
    apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    apiServer.createContext("/", exchange -> answerPatch(exchange));
    apiServer.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + apiServer.getAddress().getPort())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    hookThreads = Executors.newSingleThreadExecutor();
    WorkerIdentity identity = new WorkerIdentity(ME, "team", "node-1", "127.0.0.1:8080");
    WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
    SnapshotWriter snapshots =
        new SnapshotWriter(new FencedWriter(client, metrics), ME, 65_536, metrics);
    host =
        new MeetingHost(
            identity, snapshots, new Hooks(new HookSender(), hookThreads), () -> ME + "#1");
    host.watch(store);
  }

  @AfterEach
  void tearDown() {
    client.close();
    apiServer.stop(0);
    hookThreads.shutdownNow();
  }

  @Test
  void anOlderCopyArrivingLateLeavesTheRunningProcessAlone() {
    Meeting older = assigned("weekly", "worker-b", 1);
    Meeting newer = assigned("weekly", ME, 2);
    store.put(newer);
    host.unfence();
    Awaitility.await().until(() -> host.hosted("team", "weekly").isPresent());

    host.onUpdate(older, older);

    assertThat(host.hosted("team", "weekly")).get().extracting(m -> m.epoch).isEqualTo(2L);
    assertThat(host.hosted("team", "weekly").get().stopped()).isFalse();
  }

  @Test
  void followingOneMeetingFromManyThreadsStartsItOnce() throws Exception {
    Meeting meeting = assigned("daily", ME, 3);
    store.put(meeting);
    host.unfence();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 8; i++) {
      threads.execute(
          () -> {
            await(go);
            host.onUpdate(meeting, meeting);
          });
    }
    go.countDown();
    threads.shutdown();
    Awaitility.await().until(threads::isTerminated);
    Awaitility.await().until(() -> host.hosted("team", "daily").isPresent());

    assertThat(starts.get()).as("process start reports written").isEqualTo(1);
  }

  @Test
  void aDeletedMeetingIsNotStartedFromAnEventThatCameLate() {
    Meeting meeting = assigned("gone", ME, 1);
    host.unfence();

    host.onAdd(meeting);

    assertThat(host.hosted("team", "gone")).isEmpty();
    assertThat(starts.get()).isZero();
  }

  @Test
  void anEpochThatRanUnderAnEarlierLeaseIsLeftForTheOperatorToMove() {
    Meeting meeting = assigned("restarted", ME, 4);
    ProcessStatus earlier = new ProcessStatus(ME, 4L, "2026-01-01T00:00:00Z", null);
    earlier.setLease(ME + "#0");
    meeting.getStatus().setProcess(earlier);
    store.put(meeting);

    host.unfence();
    host.onUpdate(meeting, meeting);

    assertThat(host.hosted("team", "restarted")).isEmpty();
    assertThat(starts.get()).isZero();
  }

  @Test
  void aNewEpochStartsWhateverRanBefore() {
    Meeting meeting = assigned("moved", ME, 5);
    ProcessStatus earlier = new ProcessStatus(ME, 4L, "2026-01-01T00:00:00Z", null);
    earlier.setLease(ME + "#0");
    meeting.getStatus().setProcess(earlier);
    store.put(meeting);

    host.unfence();

    Awaitility.await().until(() -> host.hosted("team", "moved").isPresent());
    assertThat(starts.get()).isEqualTo(1);
  }

  private void answerPatch(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if ("PATCH".equals(exchange.getRequestMethod()) && body.contains("/status/process")) {
      starts.incrementAndGet();
    }
    List<String> path = List.of(exchange.getRequestURI().getPath().split("/"));
    String name = path.get(path.indexOf("meetings") + 1);
    byte[] answer =
        ("{\"apiVersion\":\"baton.dev/v1alpha1\",\"kind\":\"Meeting\","
                + "\"metadata\":{\"namespace\":\"team\",\"name\":\""
                + name
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  private static Meeting assigned(String name, String worker, long epoch) {
    Meeting meeting = Meetings.standUp(name);
    meeting.getMetadata().setNamespace("team");
    meeting.getMetadata().setUid("uid-" + name);
    AssignmentStatus assignment = new AssignmentStatus();
    assignment.setWorker(worker);
    assignment.setEpoch(epoch);
    MeetingStatus status = new MeetingStatus();
    status.setAssignment(assignment);
    meeting.setStatus(status);
    return meeting;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The informer's cache, reduced to what the host reads. */
  private static final class FakeStore implements Store<Meeting> {
    private final Map<String, Meeting> byKey = new ConcurrentHashMap<>();

    void put(Meeting meeting) {
      byKey.put(getKey(meeting), meeting);
    }

    @Override
    public List<Meeting> list() {
      return List.copyOf(byKey.values());
    }

    @Override
    public List<String> listKeys() {
      return List.copyOf(byKey.keySet());
    }

    @Override
    public Meeting get(Meeting object) {
      return byKey.get(getKey(object));
    }

    @Override
    public Meeting getByKey(String key) {
      return byKey.get(key);
    }

    @Override
    public String getKey(Meeting meeting) {
      return meeting.getMetadata().getNamespace() + "/" + meeting.getMetadata().getName();
    }
  }
}
