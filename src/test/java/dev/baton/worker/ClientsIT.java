package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.LoadGenerator;
import dev.baton.testbed.MeetingClient;
import dev.baton.testbed.MeetingSteps;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clients keep talking to their meetings through the Service while workers come and go. */
@ExtendWith(TestBed.class)
class ClientsIT {

  @Test
  void aRollingRestartOfEveryWorkerLosesNothing(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      List<String> names = create(baton, "roll", 20);
      LoadGenerator load = generator(cluster, names);

      var report = CompletableFuture.supplyAsync(() -> run(load, Duration.ofSeconds(75)));
      Thread.sleep(5_000);
      cluster.kubectl(
          "rollout",
          "restart",
          "deployment/" + BatonRelease.NAME + "-worker",
          "-n",
          cluster.namespace());
      cluster.kubectl(
          "rollout",
          "status",
          "deployment/" + BatonRelease.NAME + "-worker",
          "-n",
          cluster.namespace(),
          "--timeout=180s");
      LoadGenerator.Report result = report.join();

      System.out.println("rolling restart under load: " + result);
      assertThat(result.failed()).as("requests that failed after retries").isZero();
      assertThat(result.lost()).as("segments lost").isZero();
      assertThat(result.appliedTwice()).as("segments applied twice").isZero();
      assertThat(result.sent()).isGreaterThan(20L * 2 * 60);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  @Test
  void afterANodeCrashResendsLeaveNothingLostOrDoubled(TestBed.Cluster cluster) throws Exception {
    CrashRecoveryIT.Pool pool = CrashRecoveryIT.Pool.of(cluster, 3);
    BatonRelease baton = pool.install();
    try {
      List<String> names = create(baton, "crash", 12);
      LoadGenerator load = generator(cluster, names);
      String node = baton.get(names.get(0)).getStatus().getAssignment().getNode();

      var report = CompletableFuture.supplyAsync(() -> run(load, Duration.ofSeconds(40)));
      Thread.sleep(12_000);
      cluster.agent().crashNode(node);
      LoadGenerator.Report result = report.join();

      System.out.println("node crash under load: " + result);
      assertThat(result.resent()).as("segments resent after the crash").isPositive();
      assertThat(result.lost()).as("segments lost").isZero();
      assertThat(result.appliedTwice()).as("segments applied twice").isZero();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    } finally {
      pool.remove();
    }
  }

  @Test
  void malformedRequestsGetA4xxThatSaysWhatIsWrongAndChangeNothing(TestBed.Cluster cluster)
      throws Exception {
    BatonRelease baton = BatonRelease.install(cluster);
    try {
      baton.create(Meetings.standUp("strict"));
      baton.awaitPhase("strict", MeetingPhase.RUNNING);
      MeetingSteps steps = new MeetingSteps(cluster, baton);
      steps.feed("strict", 1, 3);
      var before = steps.state("strict");
      MeetingClient client = new MeetingClient(cluster.namespace());
      String worker = baton.readyWorkers().get(0).getStatus().getPodIP() + ":8080";

      expect(client.sendRaw(worker, "strict", "{not json"), 400, "not valid JSON");
      expect(client.sendRaw(worker, "strict", "{\"seq\":4,\"speaker\":\"Ana\"}"), 400, "text");
      expect(
          client.sendRaw(worker, "strict", "{\"seq\":0,\"speaker\":\"A\",\"text\":\"x\"}"),
          400,
          "seq");
      expect(
          client.sendRaw(worker, "strict", "{\"seq\":-2,\"speaker\":\"A\",\"text\":\"x\"}"),
          400,
          "seq");
      expect(
          client.sendRaw(worker, "strict", "{\"seq\":4.9,\"speaker\":\"A\",\"text\":\"x\"}"),
          400,
          "whole number");
      expect(
          client.sendRaw(
              worker, "strict", "{\"seq\":9223372036854775807,\"speaker\":\"A\",\"text\":\"x\"}"),
          400,
          "past the highest");
      expect(
          client.sendRaw(
              worker,
              "strict",
              "{\"seq\":5,\"speaker\":\"A\",\"text\":\"" + "\u20ac".repeat(6_000) + "\"}"),
          413,
          "larger than");
      expect(
          client.sendRaw(
              worker,
              "strict",
              "{\"seq\":5,\"speaker\":\"A\",\"text\":\"" + "x".repeat(20_000) + "\"}"),
          413,
          "larger than");
      expect(
          client.sendRaw(worker, "nobody", "{\"seq\":1,\"speaker\":\"A\",\"text\":\"x\"}"),
          404,
          "no meeting");
      Meeting nowhere = Meetings.standUp("nowhere");
      nowhere.getSpec().setWorkerSelector(java.util.Map.of("pool", "none"));
      baton.create(nowhere);
      baton.await(
          "nowhere",
          Duration.ofSeconds(60),
          m -> m.getStatus() != null && m.getStatus().getPhase() == MeetingPhase.PENDING);
      // Not held until the handoff timeout: refused at once, with the reason from its condition.
      var refused =
          Awaitility.await()
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptions()
              .until(
                  () ->
                      client.sendRaw(
                          worker, "nowhere", "{\"seq\":1,\"speaker\":\"A\",\"text\":\"x\"}"),
                  answer -> answer.status() == 503);
      expect(refused, 503, "No Ready worker matches workerSelector");
      var resend = client.say(worker, "strict", 2, "Ana", "segment 2 again");
      assertThat(resend.status()).isEqualTo(200);
      assertThat(resend.body().get("duplicate").asBoolean()).isTrue();

      assertThat(steps.state("strict")).as("state after the bad requests").isEqualTo(before);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  private static void expect(MeetingClient.Answer answer, int status, String says) {
    assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(status);
    assertThat(answer.body().get("message").asText()).contains(says);
  }

  private static List<String> create(BatonRelease baton, String prefix, int count) {
    List<String> names = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    names.forEach(name -> baton.create(Meetings.standUp(name)));
    names.forEach(name -> baton.awaitPhase(name, MeetingPhase.RUNNING));
    return names;
  }

  private static LoadGenerator generator(TestBed.Cluster cluster, List<String> names) {
    var endpoints = LoadGenerator.serviceEndpoints(cluster, BatonRelease.NAME + "-meetings");
    return new LoadGenerator(cluster.namespace(), endpoints, names, 2);
  }

  private static LoadGenerator.Report run(LoadGenerator load, Duration duration) {
    try {
      return load.run(duration);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
