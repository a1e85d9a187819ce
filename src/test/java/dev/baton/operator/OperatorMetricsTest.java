package dev.baton.operator;

import static dev.baton.operator.MeetingPlannerTest.NOW;
import static dev.baton.operator.MeetingPlannerTest.meeting;
import static dev.baton.operator.MeetingPlannerTest.plan;
import static dev.baton.operator.MeetingPlannerTest.pool;
import static dev.baton.operator.MeetingPlannerTest.running;
import static dev.baton.operator.MeetingPlannerTest.snapshot;
import static dev.baton.operator.MeetingPlannerTest.terminating;
import static dev.baton.operator.MeetingPlannerTest.withStatus;
import static dev.baton.operator.MeetingPlannerTest.worker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HandoffKind;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.ProcessStatus;
import dev.baton.api.v1alpha1.SnapshotKind;
import dev.baton.testbed.Scrape;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the operator's metrics take from its plans, and the names Prometheus shows them under. */
class OperatorMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final OperatorMetrics metrics = new OperatorMetrics(registry);

  @Test
  void aNewPlacementCountsAsAPlacementOnly() {
    MoveFigures figures = MoveFigures.of(plan(meeting(), pool(worker("a", 0))));

    assertThat(figures).isEqualTo(new MoveFigures(true, null, null, null, null));
  }

  @Test
  void aGracefulMoveCountsWhenDecidedAndItsGapWhenTheNewProcessRuns() {
    Meeting meeting = running("a", 1);
    meeting.getStatus().setSnapshot(snapshot(1, SnapshotKind.GRACEFUL, "2026-12-04T09:59:59Z"));
    Plan move = plan(meeting, pool(terminating("a"), worker("b", 0)));
    Meeting moved = withStatus(move.status());
    moved.getStatus().setProcess(new ProcessStatus("b", 2L, "2026-12-04T09:59:59.250Z", null));
    Plan completion = plan(moved, pool(worker("b", 1)));

    assertThat(MoveFigures.of(move))
        .isEqualTo(new MoveFigures(true, HandoffKind.GRACEFUL, null, null, null));
    assertThat(MoveFigures.of(completion))
        .isEqualTo(
            new MoveFigures(false, null, HandoffKind.GRACEFUL, Duration.ofMillis(250), null));
  }

  @Test
  void aCrashRecoveryCountsFromTheLastHeartbeat() {
    Plan move = plan(running("a", 2), lostWorkerA());
    Meeting moved = withStatus(move.status());
    moved.getStatus().setProcess(new ProcessStatus("b", 3L, "2026-12-04T10:00:00.400Z", null));
    Plan completion = plan(moved, pool(worker("b", 1)));

    assertThat(MoveFigures.of(move).moveStarted()).isEqualTo(HandoffKind.CRASH);
    MoveFigures done = MoveFigures.of(completion);
    assertThat(done.moveCompleted()).isEqualTo(HandoffKind.CRASH);
    // The move was decided at NOW; the worker last renewed its Lease six seconds before.
    assertThat(done.gap()).isEqualTo(Duration.ofMillis(400));
    assertThat(done.recovery()).isEqualTo(Duration.ofMillis(6_400));
  }

  @Test
  void aSteadyMeetingRecordsNothing() {
    Meeting settled = withStatus(plan(running("a", 1), pool(worker("a", 1))).status());

    assertThat(MoveFigures.of(plan(settled, pool(worker("a", 1)))))
        .isEqualTo(new MoveFigures(false, null, null, null, null));
  }

  @Test
  void prometheusShowsTheFiguresUnderTheDocumentedNames() {
    Plan move = plan(running("a", 2), lostWorkerA());
    Meeting moved = withStatus(move.status());
    moved.getStatus().setProcess(new ProcessStatus("b", 3L, "2026-12-04T10:00:00.400Z", null));

    metrics.written(plan(meeting(), pool(worker("a", 0))));
    metrics.written(move);
    metrics.written(plan(moved, pool(worker("b", 1))));
    metrics.reconcileFailed();

    Scrape scrape = Scrape.parseText(registry.scrape());
    assertThat(scrape.value("baton_placements_total")).isEqualTo(2);
    assertThat(scrape.value("baton_handoffs_total", "kind", "crash")).isEqualTo(1);
    assertThat(scrape.value("baton_handoffs_total", "kind", "graceful")).isZero();
    assertThat(scrape.value("baton_handoff_gap_seconds_count", "kind", "crash")).isEqualTo(1);
    assertThat(scrape.value("baton_handoff_gap_seconds_bucket", "kind", "crash", "le", "0.25"))
        .isZero();
    assertThat(scrape.value("baton_handoff_gap_seconds_bucket", "kind", "crash", "le", "0.5"))
        .isEqualTo(1);
    assertThat(scrape.value("baton_crash_recovery_seconds_sum")).isEqualTo(6.4);
    assertThat(scrape.value("baton_crash_recovery_seconds_bucket", "le", "10.0")).isEqualTo(1);
    assertThat(scrape.value("baton_reconcile_errors_total")).isEqualTo(1);
  }

  @Test
  void aBrokenPlanIsLoggedNotThrown() {
    Plan broken = new Plan(null, true, List.of(), null);

    metrics.written(broken);

    assertThat(Scrape.parseText(registry.scrape()).value("baton_placements_total")).isZero();
  }

  private static WorkerPool lostWorkerA() {
    var lost = new Placement.Worker.Lease(false, true, NOW.minusSeconds(6), "");
    return new WorkerPool(
        List.of(worker("a", 1), worker("b", 0)),
        name -> name.equals("a") ? lost : Placement.Worker.Lease.FRESH);
  }
}
