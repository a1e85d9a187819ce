package dev.baton.operator;

import dev.baton.api.v1alpha1.Meeting;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The placements this operator wrote and its informer may not show yet. Without it, meetings
 * created together would all see the same stale load and land on one worker, and a reconcile that
 * runs before the informer catches up would try to place a meeting a second time.
 */
@ApplicationScoped
public class PlacementLedger {

  private static final Duration KEEP = Duration.ofSeconds(30);

  private record Entry(Meeting meeting, Instant at) {}

  private final Map<ResourceID, Entry> recent = new ConcurrentHashMap<>();

  /** Remembers the Meeting the API server returned for a placement. */
  void placed(Meeting written) {
    recent.put(ResourceID.fromResource(written), new Entry(written, Instant.now()));
  }

  /** The newer of the cached meeting and the one this operator last wrote. */
  Meeting latest(Meeting cached) {
    Entry entry = recent.get(ResourceID.fromResource(cached));
    if (entry == null) {
      return cached;
    }
    if (epoch(cached) >= epoch(entry.meeting()) || expired(entry)) {
      recent.remove(ResourceID.fromResource(cached), entry);
      return cached;
    }
    return entry.meeting();
  }

  private static boolean expired(Entry entry) {
    return Duration.between(entry.at(), Instant.now()).compareTo(KEEP) > 0;
  }

  private static long epoch(Meeting meeting) {
    var status = meeting.getStatus();
    return status == null || status.getAssignment() == null ? 0 : status.getAssignment().getEpoch();
  }
}
