package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.api.v1alpha1.CheckpointSpec;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.MeetingClient;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Baton never writes spec, and a steady meeting is written only by its checkpoints (I5). */
@ExtendWith(TestBed.class)
class SteadyStateIT {

  @Test
  void aSteadyMeetingChangesOnlyThroughCheckpoints(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      Meeting meeting = Meetings.standUp("steady");
      meeting.getSpec().setCheckpoint(new CheckpointSpec());
      meeting.getSpec().getCheckpoint().setInterval("1s");
      Meeting created = baton.create(meeting);
      baton.awaitPhase("steady", MeetingPhase.RUNNING);
      Thread.sleep(3_000);

      List<Meeting> seen = new CopyOnWriteArrayList<>();
      try (Watch watch = watch(cluster, seen)) {
        Thread.sleep(10_000);
        String worker = baton.readyWorkers().get(0).getStatus().getPodIP() + ":8080";
        new MeetingClient(cluster.namespace()).say(worker, "steady", 1, "Ana", "one blocker");
        Thread.sleep(5_000);
      }

      Meeting last = baton.get("steady");
      assertThat(last.getSpec()).usingRecursiveComparison().isEqualTo(created.getSpec());
      assertThat(last.getMetadata().getGeneration()).isEqualTo(1L);
      assertThat(seen)
          .as("the state when the watch began, then one checkpoint after one segment")
          .hasSize(2);
      assertThat(changedStatusFields(seen)).containsExactly("snapshot");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  private static Watch watch(TestBed.Cluster cluster, List<Meeting> seen) {
    return cluster
        .client()
        .resources(Meeting.class)
        .inNamespace(cluster.namespace())
        .withName("steady")
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, Meeting meeting) {
                seen.add(meeting);
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  /** Top-level status fields that differ between each write and the one before it. */
  private static List<String> changedStatusFields(List<Meeting> writes) {
    List<String> changed = new ArrayList<>();
    for (int i = 1; i < writes.size(); i++) {
      JsonNode before = Serialization.jsonMapper().valueToTree(writes.get(i - 1).getStatus());
      JsonNode after = Serialization.jsonMapper().valueToTree(writes.get(i).getStatus());
      after
          .fieldNames()
          .forEachRemaining(
              f -> {
                if (!after.get(f).equals(before.get(f))) {
                  changed.add(f);
                }
              });
    }
    return changed;
  }
}
