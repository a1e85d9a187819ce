package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.api.v1alpha1.CheckpointSpec;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import java.time.Duration;
import java.util.List;

/** Steps the Baton integration tests share: feed transcript, read state, move workers away. */
public final class MeetingSteps {
  private final TestBed.Cluster cluster;
  private final BatonRelease baton;
  private final MeetingClient client;

  public MeetingSteps(TestBed.Cluster cluster, BatonRelease baton) {
    this.cluster = cluster;
    this.baton = baton;
    this.client = new MeetingClient(cluster.namespace());
  }

  /** Sends segments {@code from..to} through any ready worker; returns the last appliedSeq. */
  public long feed(String meeting, long from, long to) throws Exception {
    long applied = 0;
    for (long seq = from; seq <= to; seq++) {
      var answer =
          client.say(
              anyWorker(),
              meeting,
              seq,
              seq % 2 == 0 ? "Ana" : "Ben",
              "segment " + seq + " about the launch deadline");
      assertThat(answer.status()).as("answer to seq %d: %s", seq, answer.body()).isEqualTo(200);
      applied = answer.body().get("appliedSeq").asLong();
    }
    return applied;
  }

  /** The process's exact state, asked through any ready worker. */
  public JsonNode state(String meeting) throws Exception {
    // A worker on a crashed node may pass the connect check in anyWorker and be gone a moment
    // later; ask again through another one.
    var answer =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptionsInstanceOf(java.io.IOException.class)
            .until(() -> client.state(anyWorker(), meeting), a -> true);
    assertThat(answer.status()).as("state answer %s", answer.body()).isEqualTo(200);
    return answer.body().get("state");
  }

  /**
   * A ready worker that answers; a worker on a crashed node still looks ready until the
   * node-lifecycle controller notices, so each is tried in turn.
   */
  private String anyWorker() {
    for (var pod : baton.readyWorkers()) {
      String address = pod.getStatus().getPodIP() + ":8080";
      try (var socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(pod.getStatus().getPodIP(), 8080), 500);
        return address;
      } catch (java.io.IOException deadWorker) {
        // Try the next one.
      }
    }
    throw new AssertionError("no worker answers");
  }

  public void deletePod(String pod) {
    cluster.kubectl("delete", "pod", pod, "-n", cluster.namespace(), "--wait=false");
  }

  public void drain(String node) {
    cluster.kubectl(
        "drain",
        node,
        "--pod-selector=" + BatonRelease.WORKER_LABEL,
        "--ignore-daemonsets",
        "--delete-emptydir-data",
        "--timeout=180s");
  }

  /** Waits until the meeting runs at {@code epoch} and its move is recorded with a gap. */
  public Meeting awaitMoved(String meeting, long epoch) {
    return baton.await(
        meeting,
        Duration.ofSeconds(60),
        m ->
            m.getStatus().getPhase() == MeetingPhase.RUNNING
                && m.getStatus().getAssignment().getEpoch() == epoch
                && m.getStatus().getHandoffs() != null
                && m.getStatus().getHandoffs().getLast().getGapMillis() != null);
  }

  /** Waits until some worker besides the one hosting meetings is ready to take them. */
  public void awaitSpareWorker() {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> baton.readyWorkers().size() >= 2);
  }

  /** Creates stand-ups that checkpoint every {@code interval}; {@code custom} may change one. */
  public void createCheckpointed(
      List<String> names, String interval, java.util.function.Function<String, Meeting> custom) {
    for (String name : names) {
      Meeting meeting = custom.apply(name);
      meeting.getSpec().setCheckpoint(new CheckpointSpec());
      meeting.getSpec().getCheckpoint().setInterval(interval);
      baton.create(meeting);
    }
  }

  /**
   * Waits until each meeting runs, feeds it segments 1..{@code seq}, and waits for their
   * checkpoint.
   */
  public void runAndCheckpoint(List<String> names, long seq) throws Exception {
    for (String name : names) {
      baton.awaitPhase(name, MeetingPhase.RUNNING);
      feed(name, 1, seq);
    }
    for (String name : names) {
      baton.await(
          name,
          Duration.ofSeconds(60),
          m ->
              m.getStatus().getSnapshot() != null
                  && m.getStatus().getSnapshot().getAppliedSeq() == seq);
    }
  }
}
