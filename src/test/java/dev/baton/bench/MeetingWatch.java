package dev.baton.bench;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the benchmark's Meetings and notes, for each meeting and epoch, when this process first
 * saw it Running. The times are when the watch event arrived here, a few milliseconds after the API
 * server stored the status.
 */
final class MeetingWatch implements ResourceEventHandler<Meeting>, AutoCloseable {

  private final Map<String, Map<Long, Instant>> runningAt = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Meeting> informer;
  private final String namespace;

  MeetingWatch(KubernetesClient client, String namespace) {
    this.namespace = namespace;
    this.informer = client.resources(Meeting.class).inNamespace(namespace).inform(this, 0);
  }

  @Override
  public void onAdd(Meeting meeting) {
    note(meeting);
  }

  @Override
  public void onUpdate(Meeting old, Meeting meeting) {
    note(meeting);
  }

  @Override
  public void onDelete(Meeting meeting, boolean finalStateUnknown) {}

  private void note(Meeting meeting) {
    var status = meeting.getStatus();
    if (status == null || status.getPhase() != MeetingPhase.RUNNING) {
      return;
    }
    if (status.getAssignment() == null || status.getAssignment().getEpoch() == null) {
      return;
    }
    runningAt
        .computeIfAbsent(meeting.getMetadata().getName(), name -> new ConcurrentHashMap<>())
        .putIfAbsent(status.getAssignment().getEpoch(), Instant.now());
  }

  Optional<Meeting> get(String name) {
    return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
  }

  Collection<Meeting> all() {
    return informer.getStore().list();
  }

  /** When the meeting was first seen Running at an epoch of at least {@code epoch}. */
  Optional<Instant> runningSince(String name, long epoch) {
    return runningAt.getOrDefault(name, Map.of()).entrySet().stream()
        .filter(e -> e.getKey() >= epoch)
        .map(Map.Entry::getValue)
        .min(Instant::compareTo);
  }

  /** Waits until the meeting was seen Running at {@code epoch} or later; returns when it was. */
  Instant awaitRunning(String name, long epoch, Duration atMost) throws InterruptedException {
    Instant deadline = Instant.now().plus(atMost);
    while (Instant.now().isBefore(deadline)) {
      Optional<Instant> at = runningSince(name, epoch);
      if (at.isPresent()) {
        return at.get();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        name + " was not Running at epoch " + epoch + " within " + atMost);
  }

  @Override
  public void close() {
    informer.close();
  }
}
