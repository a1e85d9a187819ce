package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.MeetingSteps;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A snapshot over the size limit is not written; the Meeting says so and keeps running. */
@ExtendWith(TestBed.class)
class SnapshotLimitIT {

  @Test
  void anOversizedSnapshotShowsAsDegradedAndKeepsTheLastOne(TestBed.Cluster cluster)
      throws Exception {
    BatonRelease baton = BatonRelease.install(cluster, "worker.maxSnapshotBytes=900");
    try {
      MeetingSteps steps = new MeetingSteps(cluster, baton);
      steps.createCheckpointed(List.of("wordy"), "1s", Meetings::standUp);
      steps.runAndCheckpoint(List.of("wordy"), 1);

      steps.feed("wordy", 2, 20);

      Meeting degraded =
          baton.await(
              "wordy",
              Duration.ofSeconds(60),
              m ->
                  m.getStatus().getConditions().stream()
                      .anyMatch(
                          c ->
                              c.getType().equals("Degraded")
                                  && c.getReason().equals("SnapshotTooLarge")));
      var condition =
          degraded.getStatus().getConditions().stream()
              .filter(c -> c.getType().equals("Degraded"))
              .findFirst()
              .orElseThrow();
      assertThat(condition.getStatus()).isEqualTo("True");
      assertThat(condition.getMessage()).contains("900");
      assertThat(degraded.getStatus().getPhase()).isEqualTo(MeetingPhase.RUNNING);
      assertThat(degraded.getStatus().getSnapshot().getAppliedSeq())
          .as("the last snapshot that fit stays")
          .isEqualTo(1L);
      Awaitility.await()
          .until(
              () ->
                  cluster
                      .kubectl("get", "events", "-n", cluster.namespace())
                      .contains("SnapshotTooLarge"));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }
}
