package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HandoffKind;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two operator replicas: killing the leader in the middle of a drain leaves nothing stuck. */
@ExtendWith(TestBed.class)
class OperatorFailoverIT {

  @Test
  void killingTheLeaderDuringADrainStillCompletesTheHandoff(TestBed.Cluster cluster)
      throws Exception {
    BatonRelease baton = BatonRelease.install(cluster, "operator.replicas=2");
    try {
      List<String> names = List.of("h0", "h1", "h2", "h3", "h4", "h5");
      for (String name : names) {
        baton.create(Meetings.standUp(name));
      }
      for (String name : names) {
        baton.awaitPhase(name, MeetingPhase.RUNNING);
      }
      String leader = leader(cluster);
      String node = baton.get("h0").getStatus().getAssignment().getNode();
      Map<String, Long> epochs =
          names.stream().collect(Collectors.toMap(n -> n, n -> epoch(baton.get(n))));
      List<String> onNode =
          names.stream()
              .filter(n -> node.equals(baton.get(n).getStatus().getAssignment().getNode()))
              .toList();

      CompletableFuture<String> drain =
          CompletableFuture.supplyAsync(
              () ->
                  cluster.kubectl(
                      "drain",
                      node,
                      "--pod-selector=" + BatonRelease.WORKER_LABEL,
                      "--timeout=180s"));
      cluster.kubectl(
          "delete", "pod", leader, "-n", cluster.namespace(), "--grace-period=0", "--force");
      drain.join();

      for (String name : onNode) {
        Meeting moved =
            baton.await(
                name,
                Duration.ofSeconds(90),
                m ->
                    m.getStatus().getPhase() == MeetingPhase.RUNNING
                        && epoch(m) == epochs.get(name) + 1
                        && m.getStatus().getHandoffs().getLast().getGapMillis() != null);
        assertThat(moved.getStatus().getHandoffs().getLast().getKind())
            .isEqualTo(HandoffKind.GRACEFUL);
      }
      assertThat(leader(cluster)).as("a standby took over").isNotEqualTo(leader);
      for (String name : names) {
        if (!onNode.contains(name)) {
          assertThat(epoch(baton.get(name)))
              .as("%s stayed where it was", name)
              .isEqualTo(epochs.get(name));
        }
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    } finally {
      cluster.kubectl("uncordon", "node-1", "node-2", "node-3");
    }
  }

  private static String leader(TestBed.Cluster cluster) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var lease =
                  cluster
                      .client()
                      .leases()
                      .inNamespace(cluster.namespace())
                      .withName(OperatorRole.LEADER_LEASE)
                      .get();
              return lease != null
                  && lease.getSpec().getHolderIdentity() != null
                  && !lease.getSpec().getHolderIdentity().isEmpty()
                  && cluster
                          .client()
                          .pods()
                          .inNamespace(cluster.namespace())
                          .withName(lease.getSpec().getHolderIdentity())
                          .get()
                      != null;
            });
    return cluster
        .client()
        .leases()
        .inNamespace(cluster.namespace())
        .withName(OperatorRole.LEADER_LEASE)
        .get()
        .getSpec()
        .getHolderIdentity();
  }

  private static long epoch(Meeting meeting) {
    return meeting.getStatus().getAssignment().getEpoch();
  }
}
