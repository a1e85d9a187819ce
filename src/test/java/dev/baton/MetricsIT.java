package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.MeetingSteps;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.Scrape;
import dev.baton.testbed.TestBed;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator and the workers serve their metrics where their pods' scrape annotations say, and
 * the figures agree with what the Meetings' status says happened.
 */
@ExtendWith(TestBed.class)
class MetricsIT {

  private static final List<String> NAMES = List.of("m0", "m1", "m2", "m3");

  @Test
  void scrapesShowPlacementsHandoffsAndWhatEachWorkerHosts(TestBed.Cluster cluster)
      throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      MeetingSteps steps = new MeetingSteps(cluster, baton);
      steps.createCheckpointed(NAMES, "1s", Meetings::standUp);
      steps.runAndCheckpoint(NAMES, 3);

      Scrape operator = Scrape.of(baton.operator());
      System.out.println("operator before the handoff:\n" + operator.lines("baton_"));
      assertThat(operator.value("baton_placements_total")).isEqualTo(NAMES.size());
      assertThat(operator.value("baton_handoffs_total", "kind", "graceful")).isZero();
      assertThat(operator.value("baton_reconcile_errors_total")).isNotNegative();
      double checkpoints = 0;
      for (Pod worker : baton.readyWorkers()) {
        Scrape scrape = Scrape.of(worker);
        assertThat(scrape.has("baton_placements_total"))
            .as("operator meters on a worker")
            .isFalse();
        assertThat(scrape.value("baton_worker_unsaved_transcript_age_seconds")).isZero();
        assertThat(scrape.value("baton_worker_fenced_writes_total")).isNotNegative();
        checkpoints += scrape.value("baton_worker_snapshots_total", "kind", "checkpoint");
      }
      assertThat(checkpoints).as("checkpoints written by the workers").isGreaterThanOrEqualTo(4);
      awaitHostedGauges(baton);

      String host = baton.get("m0").getStatus().getAssignment().getWorker();
      List<String> moved = hostedBy(baton, host);
      steps.deletePod(host);
      for (String name : moved) {
        steps.awaitMoved(name, 2);
      }

      Scrape after = Scrape.of(baton.operator());
      System.out.println("operator after the handoff:\n" + after.lines("baton_"));
      System.out.println("JOSDK's meters:\n" + after.lines("reconciliations"));
      assertThat(after.value("baton_placements_total")).isEqualTo(NAMES.size() + moved.size());
      assertThat(after.value("baton_handoffs_total", "kind", "graceful")).isEqualTo(moved.size());
      assertThat(after.value("baton_handoffs_total", "kind", "crash")).isZero();
      assertThat(after.value("baton_handoff_gap_seconds_count", "kind", "graceful"))
          .isEqualTo(moved.size());
      assertThat(after.value("baton_handoff_gap_seconds_bucket", "kind", "graceful", "le", "+Inf"))
          .isEqualTo(moved.size());
      assertThat(after.value("baton_handoff_gap_seconds_sum", "kind", "graceful")).isPositive();
      assertThat(after.value("baton_crash_recovery_seconds_count")).isZero();
      awaitHostedGauges(baton);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  /** Waits until each ready worker's gauge counts the meetings that status assigns to it. */
  private static void awaitHostedGauges(BatonRelease baton) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              int total = 0;
              for (Pod worker : baton.readyWorkers()) {
                String name = worker.getMetadata().getName();
                double hosted = Scrape.of(worker).value("baton_worker_hosted_meetings");
                assertThat(hosted)
                    .as("meetings hosted by %s", name)
                    .isEqualTo(hostedBy(baton, name).size());
                total += (int) hosted;
              }
              assertThat(total).as("meetings hosted by all workers").isEqualTo(NAMES.size());
            });
  }

  private static List<String> hostedBy(BatonRelease baton, String worker) {
    return NAMES.stream()
        .filter(
            name -> {
              Meeting meeting = baton.get(name);
              return worker.equals(meeting.getStatus().getAssignment().getWorker());
            })
        .toList();
  }
}
