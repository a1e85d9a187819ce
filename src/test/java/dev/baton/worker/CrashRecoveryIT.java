package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.api.v1alpha1.HandoffKind;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.HookReceiver;
import dev.baton.testbed.MeetingSteps;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node dies without warning: its meetings resume elsewhere from their last checkpoint (I3),
 * status says how old that checkpoint was, and hooks are still called once per meeting (I4).
 */
@ExtendWith(TestBed.class)
class CrashRecoveryIT {

  @Test
  void meetingsOfACrashedNodeResumeElsewhereFromTheirCheckpoint(TestBed.Cluster cluster)
      throws Exception {
    Pool pool = Pool.of(cluster, 3);
    BatonRelease baton = pool.install();
    try (HookReceiver hooks = new HookReceiver()) {
      List<String> names = List.of("c0", "c1", "c2", "c3", "c4", "c5");
      MeetingSteps steps = new MeetingSteps(cluster, baton);
      steps.createCheckpointed(
          names,
          "1s",
          name -> name.equals("c0") ? Meetings.withHooks(name, hooks) : Meetings.standUp(name));
      steps.runAndCheckpoint(names, 10);
      Awaitility.await().until(() -> hooks.acceptedByKey().size() == 1);
      String node = baton.get("c0").getStatus().getAssignment().getNode();
      Map<String, Meeting> before = new HashMap<>();
      names.stream()
          .map(baton::get)
          .filter(m -> node.equals(m.getStatus().getAssignment().getNode()))
          .forEach(m -> before.put(m.getMetadata().getName(), m));

      Instant crashed = Instant.now();
      cluster.agent().crashNode(node);

      List<Long> recoveryMillis = new ArrayList<>();
      for (Map.Entry<String, Meeting> entry : before.entrySet()) {
        long epoch = entry.getValue().getStatus().getAssignment().getEpoch() + 1;
        Meeting after = steps.awaitMoved(entry.getKey(), epoch);
        recoveryMillis.add(Duration.between(crashed, Instant.now()).toMillis());
        JsonNode checkpoint = entry.getValue().getStatus().getSnapshot().getState();
        assertThat(after.getStatus().getAssignment().getNode()).isNotEqualTo(node);
        assertThat(after.getStatus().getHandoffs().getLast().getKind())
            .isEqualTo(HandoffKind.CRASH);
        var recovered = after.getStatus().getHandoffs().getLast().getRecovered();
        assertThat(recovered.getSnapshotAgeMillis()).isNotNull().isPositive();
        assertThat(recovered.getAppliedSeq()).isEqualTo(10L);
        assertThat(steps.state(entry.getKey()))
            .as("state of %s after the crash", entry.getKey())
            .isEqualTo(checkpoint);
      }
      System.out.printf(
          "crash recovery (kill to Running elsewhere) of %d meetings: %s ms%n",
          before.size(), recoveryMillis);
      assertThat(cluster.kubectl("get", "events", "-n", cluster.namespace())).contains("Recovered");

      cluster.kubectl(
          "patch",
          "mtg",
          "c0",
          "-n",
          cluster.namespace(),
          "--type=merge",
          "-p",
          "{\"spec\":{\"ended\":true}}");
      baton.awaitPhase("c0", MeetingPhase.ENDED);
      Awaitility.await().until(() -> hooks.acceptedByKey().size() == 2);
      assertThat(hooks.acceptedByKey().values()).as("calls per idempotency key").containsOnly(1);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    } finally {
      pool.remove();
    }
  }

  /**
   * A worker's container dies and its pod restarts it at once, well within its Lease: the new
   * process must not quietly take up the old epoch from the checkpoint, which would hide from
   * clients that what came after it is gone. The meeting moves to a new epoch as after any crash.
   */
  @Test
  void aRestartedWorkerContainerResumesItsMeetingsAtANewEpoch(TestBed.Cluster cluster)
      throws Exception {
    // A long Lease, so that the container is back long before anyone could call it dead.
    BatonRelease baton =
        BatonRelease.install(
            cluster,
            "worker.replicas=1",
            "worker.env[0].name=BATON_WORKER_LEASE_DURATION",
            "worker.env[0].value=60s");
    try {
      MeetingSteps steps = new MeetingSteps(cluster, baton);
      steps.createCheckpointed(List.of("r0"), "1s", Meetings::standUp);
      steps.runAndCheckpoint(List.of("r0"), 5);
      Meeting before = baton.get("r0");
      String worker = before.getStatus().getAssignment().getWorker();

      cluster.agent().killContainers(cluster.namespace(), worker);

      Meeting after = steps.awaitMoved("r0", before.getStatus().getAssignment().getEpoch() + 1);
      assertThat(after.getStatus().getAssignment().getWorker()).isEqualTo(worker);
      assertThat(after.getStatus().getHandoffs().getLast().getKind()).isEqualTo(HandoffKind.CRASH);
      assertThat(after.getStatus().getHandoffs().getLast().getRecovered().getAppliedSeq())
          .isEqualTo(5L);
      assertThat(steps.state("r0")).isEqualTo(before.getStatus().getSnapshot().getState());
      assertThat(cluster.kubectl("get", "events", "-n", cluster.namespace())).contains("Recovered");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  /** Nodes of a test's own, so that crashing one leaves the shared nodes alone. */
  record Pool(TestBed.Cluster cluster, List<String> nodes) {

    static Pool of(TestBed.Cluster cluster, int count) {
      List<String> nodes = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        String node = cluster.namespace() + "-n" + i;
        cluster.agent().addNode(node, Map.of("pool", cluster.namespace()));
        nodes.add(node);
      }
      return new Pool(cluster, nodes);
    }

    BatonRelease install(String... values) {
      // The workers on the test's own nodes; the operator on a shared one that never crashes.
      List<String> all =
          new ArrayList<>(
              List.of(
                  "worker.nodeSelector.pool=" + cluster.namespace(),
                  "operator.nodeSelector.kubernetes\\.io/hostname=" + TestBed.NODES[0]));
      all.addAll(List.of(values));
      return BatonRelease.install(cluster, all.toArray(String[]::new));
    }

    void remove() {
      nodes.forEach(node -> cluster.client().nodes().withName(node).delete());
    }
  }
}
