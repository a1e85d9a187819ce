package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.MeetingSteps;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many workers die at once: every meeting ends up on exactly one live worker, from its latest
 * snapshot.
 */
@ExtendWith(TestBed.class)
class MassCrashIT {

  @Test
  void tenWorkersKilledAtOnceLoseNoMeeting(TestBed.Cluster cluster) throws Exception {
    CrashRecoveryIT.Pool pool = CrashRecoveryIT.Pool.of(cluster, 6);
    BatonRelease baton = pool.install("worker.replicas=12");
    try {
      List<String> names = IntStream.range(0, 50).mapToObj(i -> "mass-" + i).toList();
      MeetingSteps steps = new MeetingSteps(cluster, baton);
      steps.createCheckpointed(names, "1s", Meetings::standUp);
      steps.runAndCheckpoint(names, 3);
      List<String> doomed = nodesHoldingTenWorkers(baton, pool);
      Set<String> doomedWorkers = new HashSet<>();
      for (Pod pod : baton.workers()) {
        if (doomed.contains(pod.getSpec().getNodeName())) {
          doomedWorkers.add(pod.getMetadata().getName());
        }
      }
      Map<String, Long> epochs = new HashMap<>();
      names.forEach(n -> epochs.put(n, baton.get(n).getStatus().getAssignment().getEpoch()));

      doomed.forEach(cluster.agent()::crashNode);

      for (String name : names) {
        Meeting meeting =
            baton.await(
                name,
                Duration.ofSeconds(120),
                m ->
                    m.getStatus().getPhase() == MeetingPhase.RUNNING
                        && !doomedWorkers.contains(m.getStatus().getAssignment().getWorker())
                        && m.getStatus()
                            .getProcess()
                            .getEpoch()
                            .equals(m.getStatus().getAssignment().getEpoch()));
        assertThat(meeting.getStatus().getSnapshot().getAppliedSeq()).as(name).isEqualTo(3L);
        assertThat(steps.state(name).get("appliedSeq").asLong()).as(name).isEqualTo(3L);
      }
      System.out.printf(
          "killed %d workers on %d nodes at once; all %d meetings resumed%n",
          doomedWorkers.size(), doomed.size(), names.size());
      assertThat(doomedWorkers.size()).isGreaterThanOrEqualTo(10);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    } finally {
      pool.remove();
    }
  }

  /** The fewest pool nodes that together run at least ten workers, keeping one worker alive. */
  private static List<String> nodesHoldingTenWorkers(
      BatonRelease baton, CrashRecoveryIT.Pool pool) {
    Map<String, Integer> perNode = new HashMap<>();
    baton.workers().forEach(p -> perNode.merge(p.getSpec().getNodeName(), 1, Integer::sum));
    List<String> byLoad = new ArrayList<>(pool.nodes());
    byLoad.sort((a, b) -> perNode.getOrDefault(b, 0) - perNode.getOrDefault(a, 0));
    List<String> chosen = new ArrayList<>();
    int workers = 0;
    for (String node : byLoad) {
      if (workers >= 10) {
        break;
      }
      chosen.add(node);
      workers += perNode.getOrDefault(node, 0);
    }
    return chosen;
  }
}
