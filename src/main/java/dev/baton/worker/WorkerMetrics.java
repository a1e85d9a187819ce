package dev.baton.worker;

import dev.baton.api.v1alpha1.SnapshotKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** A worker's own meters: what it hosts, what it wrote and what the API server refused. */
final class WorkerMetrics {

  private final MeterRegistry registry;
  private final Map<SnapshotKind, Counter> snapshots = new EnumMap<>(SnapshotKind.class);
  private final DistributionSummary snapshotBytes;
  private final Counter fencedWrites;

  WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (SnapshotKind kind : SnapshotKind.values()) {
      snapshots.put(
          kind,
          Counter.builder("baton.worker.snapshots")
              .description("Snapshots written into Meeting status, by kind")
              .tag("kind", kind.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    snapshotBytes =
        DistributionSummary.builder("baton.worker.snapshot")
            .description("Size of each snapshot written, in bytes of compact JSON")
            .baseUnit("bytes")
            .register(registry);
    fencedWrites =
        Counter.builder("baton.worker.fenced.writes")
            .description("Status writes the API server refused because the meeting moved on")
            .register(registry);
  }

  /** Adds the gauges that read {@code host} when scraped. */
  void watch(MeetingHost host) {
    Gauge.builder("baton.worker.hosted.meetings", host, MeetingHost::count)
        .description("Meetings whose process runs on this worker now")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "baton.worker.unsaved.transcript.age",
            host,
            h -> oldestUnsaved(h.all(), Instant.now()).toMillis() / 1000.0)
        .description(
            "Age of the oldest transcript segment applied here but not yet in a snapshot; what a"
                + " crash now would lose at most. 0 when every hosted meeting is saved")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }

  void snapshotWritten(SnapshotKind kind, int bytes) {
    snapshots.get(kind).increment();
    snapshotBytes.record(bytes);
  }

  void fencedWrite() {
    fencedWrites.increment();
  }

  /** The longest time any of {@code meetings} has held transcript that no snapshot contains. */
  static Duration oldestUnsaved(Collection<HostedMeeting> meetings, Instant now) {
    Duration oldest = Duration.ZERO;
    for (HostedMeeting meeting : meetings) {
      Instant since = meeting.unsavedSince();
      if (since != null && !meeting.stopped()) {
        Duration age = Duration.between(since, now);
        oldest = age.compareTo(oldest) > 0 ? age : oldest;
      }
    }
    return oldest;
  }
}
