package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingStatus;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reconciles that race on the same stale copy of a meeting cannot both place it: the API server
 * takes one placement and refuses the others.
 */
@ExtendWith(TestBed.class)
class PlacementRaceIT {

  @Test
  void racingPlacementsFromAStaleCopyPlaceOnce(TestBed.Cluster cluster) throws Exception {
    BatonRelease.installCrd(cluster);
    Meeting stale = cluster.client().resource(meetingIn(cluster.namespace())).create();
    List<WorkerPool> pools = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pools.add(new WorkerPool(List.of(MeetingPlannerTest.worker("w" + i, 0))));
    }
    OwnedStatus writer = new OwnedStatus();
    writer.client = cluster.client();

    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> results = new ArrayList<>();
    for (WorkerPool pool : pools) {
      Callable<Boolean> place =
          () -> {
            Plan plan = MeetingPlanner.plan(stale, pool, Instant.now());
            try {
              return writer.write(stale, plan) != null;
            } catch (KubernetesClientException e) {
              assertThat(e.getCode()).isEqualTo(409);
              return false;
            }
          };
      results.add(threads.submit(place));
    }
    threads.shutdown();
    threads.awaitTermination(30, TimeUnit.SECONDS);

    long placed = 0;
    for (Future<Boolean> result : results) {
      placed += result.get() ? 1 : 0;
    }
    MeetingStatus status =
        cluster
            .client()
            .resources(Meeting.class)
            .inNamespace(cluster.namespace())
            .withName("contested")
            .get()
            .getStatus();
    assertThat(placed).as("placements the API server accepted").isEqualTo(1);
    assertThat(status.getAssignment().getEpoch()).isEqualTo(1L);
  }

  private static Meeting meetingIn(String namespace) {
    Meeting meeting = Meetings.standUp("contested");
    meeting.setMetadata(
        new ObjectMetaBuilder().withName("contested").withNamespace(namespace).build());
    return meeting;
  }
}
