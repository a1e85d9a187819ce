package dev.baton.worker;

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
 * the figures agree with what the Meetings' status says happened, through a graceful handoff and a
 * node crash.
 */
@ExtendWith(TestBed.class)
class MetricsIT {

  private static final List<String> NAMES = List.of("m0", "m1", "m2", "m3");

  @Test
  void scrapesShowPlacementsHandoffsAndWhatEachWorkerHosts(TestBed.Cluster cluster)
      throws Exception {
    CrashRecoveryIT.Pool pool = CrashRecoveryIT.Pool.of(cluster, 3);
    BatonRelease baton = pool.install();
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
      awaitHostedGauges(baton, "");

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
      awaitHostedGauges(baton, "");

      String node = baton.get("m0").getStatus().getAssignment().getNode();
      List<Meeting> lost =
          NAMES.stream()
              .map(baton::get)
              .filter(m -> node.equals(m.getStatus().getAssignment().getNode()))
              .toList();
      cluster.agent().crashNode(node);
      for (Meeting meeting : lost) {
        long epoch = meeting.getStatus().getAssignment().getEpoch() + 1;
        steps.awaitMoved(meeting.getMetadata().getName(), epoch);
      }

      Scrape crashed = Scrape.of(baton.operator());
      System.out.println("operator after the crash:\n" + crashed.lines("baton_"));
      assertThat(crashed.value("baton_handoffs_total", "kind", "crash")).isEqualTo(lost.size());
      assertThat(crashed.value("baton_handoff_gap_seconds_count", "kind", "crash"))
          .isEqualTo(lost.size());
      assertThat(crashed.value("baton_crash_recovery_seconds_count")).isEqualTo(lost.size());
      // Recovery counts from the last heartbeat: at least the Lease's five seconds, then a move.
      assertThat(crashed.value("baton_crash_recovery_seconds_sum"))
          .isGreaterThan(crashed.value("baton_handoff_gap_seconds_sum", "kind", "crash"));
      assertThat(crashed.value("baton_crash_recovery_seconds_bucket", "le", "1.0")).isZero();
      awaitHostedGauges(baton, node);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    } finally {
      pool.remove();
    }
  }

  /**
   * Waits until each ready worker's gauge counts the meetings that status assigns to it; workers on
   * {@code crashedNode} still look ready for a while, but answer nothing.
   */
  private static void awaitHostedGauges(BatonRelease baton, String crashedNode) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              int total = 0;
              for (Pod worker : baton.readyWorkers()) {
                if (crashedNode.equals(worker.getSpec().getNodeName())) {
                  continue;
                }
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
