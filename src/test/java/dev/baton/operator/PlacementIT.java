package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Meetings are placed on ready workers and run there. */
@ExtendWith(TestBed.class)
class PlacementIT {

  @Test
  void meetingsArePlacedAndRun(TestBed.Cluster cluster) {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      for (int i = 0; i < 3; i++) {
        baton.create(Meetings.standUp("m" + i));
      }
      Set<String> workers =
          java.util.stream.IntStream.range(0, 3)
              .mapToObj(i -> baton.awaitPhase("m" + i, MeetingPhase.RUNNING))
              .map(m -> m.getStatus().getAssignment().getWorker())
              .collect(Collectors.toSet());
      assertThat(workers).as("least loaded first spreads three meetings").hasSize(3);
      Meeting one = baton.get("m0");
      assertThat(one.getStatus().getAssignment().getEpoch()).isEqualTo(1L);
      assertThat(one.getStatus().getProcess().getEpoch()).isEqualTo(1L);
      assertThat(one.getStatus().getObservedGeneration()).isEqualTo(1L);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  @Test
  void withoutWorkersAMeetingWaitsAndSaysWhyThenRunsOnceOneIsReady(TestBed.Cluster cluster) {
    BatonRelease baton = BatonRelease.install(cluster, "worker.replicas=0");
    try {
      baton.create(Meetings.standUp("waiting"));
      Meeting pending =
          baton.await(
              "waiting",
              java.time.Duration.ofSeconds(60),
              m -> m.getStatus() != null && m.getStatus().getConditions() != null);
      assertThat(pending.getStatus().getPhase()).isEqualTo(MeetingPhase.PENDING);
      var placed =
          pending.getStatus().getConditions().stream()
              .filter(c -> c.getType().equals("Placed"))
              .findFirst()
              .orElseThrow();
      assertThat(placed.getStatus()).isEqualTo("False");
      assertThat(placed.getReason()).isEqualTo("NoWorkerAvailable");
      assertThat(placed.getMessage()).contains("No worker pods exist");

      cluster.kubectl(
          "scale",
          "deployment",
          BatonRelease.NAME + "-worker",
          "--replicas=1",
          "-n",
          cluster.namespace());

      Meeting running = baton.awaitPhase("waiting", MeetingPhase.RUNNING);
      assertThat(running.getStatus().getAssignment().getEpoch()).isEqualTo(1L);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }
}
