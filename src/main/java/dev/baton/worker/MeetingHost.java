package dev.baton.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.v1alpha1.AssignmentStatus;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.ProcessStatus;
import dev.baton.api.v1alpha1.SnapshotKind;
import dev.baton.api.v1alpha1.SnapshotStatus;
import dev.baton.config.MeetingMdc;
import dev.baton.process.BuiltInMeetingProcess;
import dev.baton.process.MeetingContext;
import dev.baton.process.MeetingEvent;
import dev.baton.process.SnapshotTooLargeException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Hosts the meetings assigned to this worker: starts each one at its epoch from its snapshot,
 * follows spec changes, stops at once when fenced, and ends it when the user or time says so.
 */
final class MeetingHost implements ResourceEventHandler<Meeting>, LeaseKeeper.Listener {

  private static final Logger LOG = Logger.getLogger(MeetingHost.class);
  private static final int GRACEFUL_ATTEMPTS = 3;
  private static final int HANDOFF_THREADS = 8;

  private final WorkerIdentity identity;
  private final SnapshotWriter snapshots;
  private final Hooks hooks;
  private final java.util.function.Supplier<String> leaseHolder;
  private final Map<String, HostedMeeting> hosted = new ConcurrentHashMap<>();
  // Placements this worker ended, handed off or was fenced from; a stale cache event must never
  // start them again. Keyed by meeting uid and epoch.
  private final java.util.Set<String> retired = ConcurrentHashMap.newKeySet();
  private volatile boolean draining;
  private volatile boolean fenced = true;
  // Meetings are followed from the informer's thread and, after a Lease is regained, from another
  // one; both go through this lock and act on the cache's newest copy, never on an older one.
  private final Object following = new Object();
  private SharedIndexInformer<Meeting> informer;
  private volatile Store<Meeting> cache;

  MeetingHost(
      WorkerIdentity identity,
      SnapshotWriter snapshots,
      Hooks hooks,
      java.util.function.Supplier<String> leaseHolder) {
    this.leaseHolder = leaseHolder;
    this.identity = identity;
    this.snapshots = snapshots;
    this.hooks = hooks;
  }

  /** Starts watching the Meetings of this worker's namespace. */
  void watch(KubernetesClient client) {
    informer =
        client.resources(Meeting.class).inNamespace(identity.namespace()).runnableInformer(0);
    cache = informer.getStore();
    informer.addEventHandler(this);
    informer.run();
  }

  /** Follows the Meetings of {@code store}, which something else keeps current. */
  void watch(Store<Meeting> store) {
    cache = store;
  }

  boolean synced() {
    return informer != null && informer.hasSynced();
  }

  /** The cached Meeting, as this worker last saw it. */
  Optional<Meeting> cached(String namespace, String name) {
    return cache == null
        ? Optional.empty()
        : Optional.ofNullable(cache.getByKey(namespace + "/" + name));
  }

  Optional<HostedMeeting> hosted(String namespace, String name) {
    return Optional.ofNullable(hosted.get(namespace + "/" + name));
  }

  Collection<HostedMeeting> all() {
    return hosted.values();
  }

  int count() {
    return hosted.size();
  }

  @Override
  public void onAdd(Meeting meeting) {
    follow(meeting);
  }

  @Override
  public void onUpdate(Meeting old, Meeting meeting) {
    follow(meeting);
  }

  @Override
  public void onDelete(Meeting meeting, boolean finalStateUnknown) {
    HostedMeeting gone = hosted.remove(key(meeting));
    if (gone != null) {
      gone.stop();
    }
  }

  private void follow(Meeting event) {
    synchronized (following) {
      // An event may carry an older copy than the cache holds by now; a gone meeting is null.
      Meeting newest = cache == null ? event : cache.getByKey(key(event));
      if (newest != null) {
        followNewest(newest);
      }
    }
  }

  private void followNewest(Meeting meeting) {
    try (var mdc = MeetingMdc.of(meeting)) {
      HostedMeeting current = hosted.get(key(meeting));
      AssignmentStatus assignment =
          meeting.getStatus() == null ? null : meeting.getStatus().getAssignment();
      if (current != null && !ownedAt(assignment, current.epoch)) {
        drop(current, "the meeting was assigned elsewhere");
        current = null;
      }
      if (!isMine(assignment) || draining || fenced || meeting.getStatus().getEndedAt() != null) {
        return;
      }
      if (current == null) {
        if (!retired.contains(retiredKey(meeting.getMetadata().getUid(), assignment.getEpoch()))
            && !ranBefore(meeting)) {
          start(meeting);
        }
      } else if (meeting.getMetadata().getDeletionTimestamp() != null) {
        end(current);
      } else {
        current.process.handle(new MeetingEvent.SpecChanged(meeting.getSpec()), Instant.now());
      }
    }
  }

  private void start(Meeting meeting) {
    Instant now = Instant.now();
    long epoch = meeting.getStatus().getAssignment().getEpoch();
    SnapshotStatus saved = meeting.getStatus().getSnapshot();
    BuiltInMeetingProcess process = new BuiltInMeetingProcess();
    ObjectNode state = saved == null ? null : (ObjectNode) saved.getState();
    process.start(MeetingContext.of(meeting), state, now);
    HostedMeeting started =
        new HostedMeeting(
            MeetingContext.of(meeting),
            epoch,
            process,
            saved == null || saved.getSeq() == null ? 0 : saved.getSeq(),
            saved == null || saved.getAppliedSeq() == null ? 0 : saved.getAppliedSeq(),
            saved != null,
            now);
    try {
      snapshots.started(started, saved == null ? null : saved.getKind(), leaseHolder.get(), now);
    } catch (Fenced fenced) {
      LOG.infof("fenced before starting: %s", fenced.getMessage());
      return;
    }
    hosted.put(started.key(), started);
    LOG.infof(
        "started %s", saved == null ? "a new meeting" : "from a " + saved.getKind() + " snapshot");
    hooks.callDue(started, this::checkpointNow, this::reportError);
    if (meeting.getMetadata().getDeletionTimestamp() != null) {
      end(started);
    }
  }

  /** One clock tick of every hosted meeting: agenda, end by time, periodic checkpoint. */
  void tick(Instant now) {
    for (HostedMeeting meeting : hosted.values()) {
      try (var mdc =
          MeetingMdc.of(meeting.context.namespace(), meeting.context.name(), meeting.epoch)) {
        tickOne(meeting, now);
      } catch (RuntimeException e) {
        LOG.warnf(e, "tick failed");
      }
    }
  }

  private void tickOne(HostedMeeting meeting, Instant now) {
    if (meeting.ending()) {
      end(meeting);
      return;
    }
    if (!meeting.acceptsWrites()) {
      return;
    }
    meeting.process.handle(new MeetingEvent.Tick(), now);
    if (meeting.process.shouldEnd(now)) {
      end(meeting);
    } else if (meeting.checkpointDue(now)) {
      save(meeting, SnapshotKind.CHECKPOINT);
    }
  }

  /** Saves a checkpoint at once, after an important transition such as a hook call. */
  void checkpointNow(HostedMeeting meeting) {
    save(meeting, SnapshotKind.CHECKPOINT);
  }

  /** Saves a snapshot; true when the API server took it. */
  private boolean save(HostedMeeting meeting, SnapshotKind kind) {
    try {
      snapshots.save(meeting, kind, Instant.now());
      LOG.debugf("saved a %s snapshot", kind);
      return true;
    } catch (Fenced fenced) {
      drop(meeting, fenced.getMessage());
    } catch (SnapshotTooLargeException e) {
      LOG.warnf("snapshot not saved: %s", e.getMessage());
      reportError(meeting, "SnapshotTooLarge", e.getMessage());
    } catch (KubernetesClientException e) {
      LOG.warnf("snapshot not saved: %s", e.getMessage());
    }
    return false;
  }

  /** Puts what the process could not do into its status, once per kind of failure. */
  void reportError(HostedMeeting meeting, String reason, String message) {
    if (!meeting.newError(reason)) {
      return;
    }
    try {
      snapshots.failed(meeting, reason, message, Instant.now());
    } catch (Fenced fenced) {
      drop(meeting, fenced.getMessage());
    } catch (KubernetesClientException e) {
      LOG.warnf("could not report %s: %s", reason, e.getMessage());
    }
  }

  /**
   * Ends the meeting: end hook, summary, snapshot cleared; the process stops. A failed write is
   * retried on the next tick; the end hook is not called twice, since its call is recorded.
   */
  void end(HostedMeeting meeting) {
    synchronized (meeting) {
      if (meeting.stopped()) {
        return;
      }
      meeting.markEnding();
    }
    if (!meeting.endLock.tryLock()) {
      return;
    }
    try {
      Instant now = Instant.now();
      var summary = meeting.process.end(now);
      hooks.callDueNow(meeting, this::reportError);
      snapshots.ended(meeting, summary, now);
      LOG.infof("ended: %s", summary.getEndReason());
    } catch (Fenced fenced) {
      LOG.infof("fenced while ending: %s", fenced.getMessage());
    } catch (KubernetesClientException e) {
      LOG.warnf("could not write the summary, will retry: %s", e.getMessage());
      return;
    } finally {
      meeting.endLock.unlock();
    }
    meeting.stop();
    retire(meeting);
    hosted.remove(meeting.key(), meeting);
  }

  /**
   * Hands every hosted meeting over: no more transcript, a final Graceful snapshot each, then the
   * processes stop. Called once the pod is being deleted or the JVM got SIGTERM.
   */
  void handOffAll() {
    draining = true;
    // A pool of its own: the common pool has a single thread on a two-core node, and each
    // snapshot is a round trip to the API server.
    ExecutorService writers = Executors.newFixedThreadPool(HANDOFF_THREADS);
    try {
      writers.invokeAll(
          hosted.values().stream().map(m -> Executors.callable(() -> handOff(m))).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      writers.shutdownNow();
    }
  }

  private void handOff(HostedMeeting meeting) {
    try (var mdc =
        MeetingMdc.of(meeting.context.namespace(), meeting.context.name(), meeting.epoch)) {
      synchronized (meeting) {
        if (meeting.stopped()) {
          return;
        }
        meeting.freeze();
      }
      boolean saved = false;
      for (int attempt = 0;
          attempt < GRACEFUL_ATTEMPTS && !saved && !meeting.stopped();
          attempt++) {
        saved = save(meeting, SnapshotKind.GRACEFUL);
      }
      meeting.stop();
      retire(meeting);
      hosted.remove(meeting.key(), meeting);
      if (saved) {
        LOG.infof(
            "handed off: graceful snapshot up to transcript seq %d", meeting.checkpointedSeq());
      } else {
        LOG.warn(
            "handed off without a graceful snapshot; the next worker resumes from a checkpoint");
      }
    }
  }

  boolean draining() {
    return draining;
  }

  boolean fenced() {
    return fenced;
  }

  @Override
  public void fence(String why) {
    fenced = true;
    for (HostedMeeting meeting : hosted.values()) {
      meeting.suspend(true);
      try (var mdc = mdc(meeting)) {
        LOG.infof("fenced: suspended the process because %s", why);
      }
    }
  }

  @Override
  public void unfence() {
    fenced = false;
    for (HostedMeeting meeting : hosted.values()) {
      meeting.suspend(false);
      try (var mdc = mdc(meeting)) {
        LOG.info("lease renewed without being revoked: resumed the process");
      }
    }
    Store<Meeting> meetings = cache;
    if (meetings != null) {
      // Off the heartbeat thread: starting meetings must not delay the next renewal.
      java.util.concurrent.CompletableFuture.runAsync(() -> meetings.list().forEach(this::follow));
    }
  }

  @Override
  public void revoked() {
    fenced = true;
    for (HostedMeeting meeting : hosted.values()) {
      try (var mdc = mdc(meeting)) {
        drop(meeting, "the operator revoked this worker's lease and moved the meeting");
      }
    }
  }

  private static MeetingMdc mdc(HostedMeeting meeting) {
    return MeetingMdc.of(meeting.context.namespace(), meeting.context.name(), meeting.epoch);
  }

  private void drop(HostedMeeting meeting, String why) {
    boolean wasRunning;
    synchronized (meeting) {
      wasRunning = !meeting.stopped();
      meeting.stop();
    }
    retire(meeting);
    hosted.remove(meeting.key(), meeting);
    if (wasRunning) {
      LOG.infof("fenced: stopped the process because %s", why);
    }
  }

  /**
   * Whether this epoch's process already ran here under another Lease holder: an earlier run of
   * this worker that crashed or lost its Lease. Resuming the same epoch from the checkpoint would
   * hide from clients that what came after it is gone; the operator moves it to a new epoch.
   */
  private boolean ranBefore(Meeting meeting) {
    ProcessStatus process = meeting.getStatus().getProcess();
    boolean ran =
        process != null
            && process.getLease() != null
            && process.getEpoch() != null
            && process.getEpoch().equals(meeting.getStatus().getAssignment().getEpoch())
            && !process.getLease().equals(leaseHolder.get());
    if (ran) {
      LOG.debugf(
          "not resuming: this epoch ran under %s; the operator moves it", process.getLease());
    }
    return ran;
  }

  private boolean isMine(AssignmentStatus assignment) {
    return assignment != null && identity.pod().equals(assignment.getWorker());
  }

  private boolean ownedAt(AssignmentStatus assignment, long epoch) {
    return isMine(assignment) && assignment.getEpoch() == epoch;
  }

  private void retire(HostedMeeting meeting) {
    retired.add(retiredKey(meeting.context.uid(), meeting.epoch));
  }

  private static String retiredKey(String uid, long epoch) {
    return uid + "@" + epoch;
  }

  private static String key(Meeting meeting) {
    return meeting.getMetadata().getNamespace() + "/" + meeting.getMetadata().getName();
  }
}
