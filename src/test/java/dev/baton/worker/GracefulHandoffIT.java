package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.api.v1alpha1.HandoffKind;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.api.v1alpha1.SnapshotKind;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.MeetingSteps;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A worker pod deleted in an orderly way hands its meetings over with their exact state (I2). */
@ExtendWith(TestBed.class)
class GracefulHandoffIT {

  @Test
  void deletingTheHostingPodMovesTheMeetingWithItsState(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      baton.create(Meetings.standUp("moving"));
      Meeting before = baton.awaitPhase("moving", MeetingPhase.RUNNING);
      MeetingSteps handoffs = new MeetingSteps(cluster, baton);
      handoffs.feed("moving", 1, 12);
      JsonNode state = handoffs.state("moving");

      handoffs.deletePod(before.getStatus().getAssignment().getWorker());
      Meeting after = handoffs.awaitMoved("moving", 2);

      assertThat(after.getStatus().getAssignment().getWorker())
          .isNotEqualTo(before.getStatus().getAssignment().getWorker());
      assertThat(after.getStatus().getHandoffs().getLast().getKind())
          .isEqualTo(HandoffKind.GRACEFUL);
      assertThat(after.getStatus().getHandoffs().getLast().getGapMillis()).isNotNull();
      assertThat(after.getStatus().getSnapshot().getKind()).isEqualTo(SnapshotKind.GRACEFUL);
      assertThat(after.getStatus().getSnapshot().getState()).isEqualTo(state);
      assertThat(handoffs.state("moving")).as("state after the move").isEqualTo(state);
      assertThat(handoffs.feed("moving", 13, 13)).isEqualTo(13);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  @Test
  void twentyDeletionsInARowEachLandTheFinalSnapshot(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      baton.create(Meetings.standUp("relay"));
      baton.awaitPhase("relay", MeetingPhase.RUNNING);
      MeetingSteps handoffs = new MeetingSteps(cluster, baton);
      int landed = 0;
      for (int round = 1; round <= 20; round++) {
        handoffs.feed("relay", round * 10L, round * 10L + 4);
        JsonNode state = handoffs.state("relay");
        Meeting current = baton.get("relay");
        handoffs.awaitSpareWorker();
        handoffs.deletePod(current.getStatus().getAssignment().getWorker());
        Meeting moved = handoffs.awaitMoved("relay", round + 1);
        boolean graceful =
            moved.getStatus().getHandoffs().getLast().getKind() == HandoffKind.GRACEFUL;
        if (graceful && handoffs.state("relay").equals(state)) {
          landed++;
        }
      }
      assertThat(landed).as("handoffs that carried the exact state, of 20").isEqualTo(20);
      assertThat(baton.get("relay").getStatus().getHandoffs().getCount()).isEqualTo(20L);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  @Test
  void drainUnderThePdbMovesEveryMeetingOffTheNode(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      MeetingSteps handoffs = new MeetingSteps(cluster, baton);
      List<String> names = List.of("d0", "d1", "d2", "d3", "d4", "d5");
      for (String name : names) {
        baton.create(Meetings.standUp(name));
      }
      for (String name : names) {
        baton.awaitPhase(name, MeetingPhase.RUNNING);
        handoffs.feed(name, 1, 5);
      }
      String node = baton.get("d0").getStatus().getAssignment().getNode();
      List<String> onNode =
          names.stream()
              .filter(n -> node.equals(baton.get(n).getStatus().getAssignment().getNode()))
              .toList();
      java.util.Map<String, JsonNode> states = new java.util.HashMap<>();
      for (String name : onNode) {
        states.put(name, handoffs.state(name));
      }

      handoffs.drain(node);

      for (String name : onNode) {
        Meeting moved = handoffs.awaitMoved(name, 2);
        assertThat(moved.getStatus().getAssignment().getNode()).isNotEqualTo(node);
        assertThat(moved.getStatus().getHandoffs().getLast().getKind())
            .isEqualTo(HandoffKind.GRACEFUL);
        assertThat(handoffs.state(name))
            .as("state of %s after the drain", name)
            .isEqualTo(states.get(name));
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    } finally {
      cluster.kubectl("uncordon", "node-1", "node-2", "node-3");
    }
  }

  @Test
  void requestsSentDuringTheMoveAreHeldAndAnsweredByTheNewOwner(TestBed.Cluster cluster)
      throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      baton.create(Meetings.standUp("busy"));
      Meeting before = baton.awaitPhase("busy", MeetingPhase.RUNNING);
      String host = before.getStatus().getAssignment().getWorker();
      String other =
          baton.readyWorkers().stream()
              .filter(p -> !p.getMetadata().getName().equals(host))
              .map(p -> p.getStatus().getPodIP() + ":8080")
              .findFirst()
              .orElseThrow();
      var client = new dev.baton.testbed.MeetingClient(cluster.namespace());
      java.util.List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
      var sender =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                for (long seq = 1; seq <= 60; seq++) {
                  try {
                    statuses.add(client.say(other, "busy", seq, "Ana", "line " + seq).status());
                    Thread.sleep(50);
                  } catch (Exception e) {
                    statuses.add(-1);
                  }
                }
              });
      Thread.sleep(500);

      new MeetingSteps(cluster, baton).deletePod(host);
      sender.join();

      assertThat(statuses).hasSize(60).containsOnly(200);
      var state = client.state(other, "busy");
      assertThat(state.body().get("appliedSeq").asLong()).isEqualTo(60L);
      assertThat(state.body().get("epoch").asLong()).isEqualTo(2L);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }
}
