package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.SnapshotKind;
import dev.baton.process.BuiltInMeetingProcess;
import dev.baton.process.MeetingContext;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.Scrape;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a worker's metrics compute, and the names Prometheus shows them under. */
class WorkerMetricsTest {

  private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

  @Test
  void theUnsavedAgeCountsFromTheOldestTranscriptNoSnapshotHolds() {
    HostedMeeting saved = hosted("saved");
    HostedMeeting busy = hosted("busy");
    busy.applied(START.plusSeconds(2));
    busy.applied(START.plusSeconds(5));

    Duration age = WorkerMetrics.oldestUnsaved(List.of(saved, busy), START.plusSeconds(9));

    assertThat(age).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aSnapshotOrAStopClearsTheUnsavedAge() {
    HostedMeeting checkpointed = hosted("checkpointed");
    checkpointed.applied(START.plusSeconds(1));
    checkpointed.saved(1, checkpointed.process.snapshot(), 1, START.plusSeconds(3));
    HostedMeeting stopped = hosted("stopped");
    stopped.applied(START.plusSeconds(1));
    stopped.stop();

    Duration age =
        WorkerMetrics.oldestUnsaved(List.of(checkpointed, stopped), START.plusSeconds(9));

    assertThat(age).isZero();
  }

  @Test
  void prometheusShowsTheWorkerMetersUnderTheDocumentedNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WorkerMetrics metrics = new WorkerMetrics(registry);
    metrics.watch(new MeetingHost(null, null, null, () -> "holder"));

    metrics.snapshotWritten(SnapshotKind.CHECKPOINT, 300);
    metrics.snapshotWritten(SnapshotKind.CHECKPOINT, 500);
    metrics.snapshotWritten(SnapshotKind.GRACEFUL, 700);
    metrics.fencedWrite();

    Scrape scrape = Scrape.parseText(registry.scrape());
    assertThat(scrape.value("baton_worker_hosted_meetings")).isZero();
    assertThat(scrape.value("baton_worker_unsaved_transcript_age_seconds")).isZero();
    assertThat(scrape.value("baton_worker_snapshots_total", "kind", "checkpoint")).isEqualTo(2);
    assertThat(scrape.value("baton_worker_snapshots_total", "kind", "graceful")).isEqualTo(1);
    assertThat(scrape.value("baton_worker_snapshot_bytes_count")).isEqualTo(3);
    assertThat(scrape.value("baton_worker_snapshot_bytes_sum")).isEqualTo(1500);
    assertThat(scrape.value("baton_worker_fenced_writes_total")).isEqualTo(1);
  }

  private static HostedMeeting hosted(String name) {
    MeetingContext context =
        new MeetingContext("team", name, "uid-" + name, Meetings.standUp(name).getSpec());
    BuiltInMeetingProcess process = new BuiltInMeetingProcess();
    process.start(context, null, START);
    return new HostedMeeting(context, 1, process, 0, 0, false, START);
  }
}
