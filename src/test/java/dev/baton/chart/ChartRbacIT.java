package dev.baton.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Meeting;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.Meetings;
import dev.baton.testbed.TestBed;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's ServiceAccounts hold only what the code uses: checked with {@code kubectl auth can-i}
 * as each identity, then with real writes as a worker (a pod-bound token) and as the operator
 * (impersonation), each refused write answering 403.
 */
@ExtendWith(TestBed.class)
class ChartRbacIT {

  private static final String PROBE_POD = "worker-probe";

  private TestBed.Cluster cluster;
  private BatonRelease baton;
  private String worker;
  private String operator;

  @BeforeEach
  void installWithoutPods(TestBed.Cluster cluster) {
    this.cluster = cluster;
    // Only the chart's objects matter here: no pod runs, so no JVM is started.
    baton = BatonRelease.install(cluster, "operator.replicas=0", "worker.replicas=0");
    worker = "system:serviceaccount:" + cluster.namespace() + ":" + BatonRelease.NAME + "-worker";
    operator =
        "system:serviceaccount:" + cluster.namespace() + ":" + BatonRelease.NAME + "-operator";
    awaitPoliciesInForce();
  }

  /**
   * The API server takes up a new admission policy within seconds, not at once: wait until both
   * refuse a dry-run write (an impersonated worker carries no pod name, so it may write no Lease).
   */
  private void awaitPoliciesInForce() {
    baton.create(Meetings.standUp("policy-probe"));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(
            () -> {
              try (KubernetesClient asWorker = impersonating(worker);
                  KubernetesClient asOperator = impersonating(operator)) {
                return refused(() -> asWorker.resource(lease("policy-probe")).dryRun().create())
                    && refused(
                        () ->
                            meetings(asOperator, cluster.namespace(), "policy-probe")
                                .dryRun()
                                .patch(
                                    PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"spec\":{\"title\":\"probe\"}}"));
              }
            });
  }

  private static boolean refused(Runnable write) {
    try {
      write.run();
      return false;
    } catch (KubernetesClientException e) {
      return e.getCode() == 403;
    }
  }

  private KubernetesClient impersonating(String user) {
    Config impersonated =
        new ConfigBuilder(cluster.client().getConfiguration())
            .withImpersonateUsername(user)
            .withImpersonateGroups(
                "system:serviceaccounts",
                "system:serviceaccounts:" + cluster.namespace(),
                "system:authenticated")
            .withNamespace(cluster.namespace())
            .build();
    return new KubernetesClientBuilder().withConfig(impersonated).build();
  }

  @Test
  void theWorkerMayReadMeetingsAndPatchTheirStatusOnly() {
    List<String> allowed =
        List.of(
            "get meetings.baton.dev",
            "list meetings.baton.dev",
            "watch meetings.baton.dev",
            "patch meetings.baton.dev --subresource=status",
            "watch pods",
            "get leases.coordination.k8s.io",
            "create leases.coordination.k8s.io",
            "update leases.coordination.k8s.io");
    List<String> refused =
        List.of(
            "update meetings.baton.dev",
            "patch meetings.baton.dev",
            "create meetings.baton.dev",
            "delete meetings.baton.dev",
            "update meetings.baton.dev --subresource=status",
            "update meetings.baton.dev --subresource=finalizers",
            "list pods",
            "get pods",
            "delete pods",
            "create pods",
            "create pods --subresource=eviction",
            "delete leases.coordination.k8s.io",
            "get secrets",
            "list configmaps",
            "create events",
            "patch deployments.apps",
            "create serviceaccounts --subresource=token");
    assertThat(answers(worker, allowed, cluster.namespace()))
        .allSatisfy((question, answer) -> assertThat(answer).as(question).isEqualTo("yes"));
    assertThat(answers(worker, refused, cluster.namespace()))
        .allSatisfy((question, answer) -> assertThat(answer).as(question).isEqualTo("no"));
    assertThat(
            answers(
                worker,
                List.of("list meetings.baton.dev", "patch meetings.baton.dev --subresource=status"),
                "default"))
        .as("the worker's rights in another namespace")
        .allSatisfy((question, answer) -> assertThat(answer).as(question).isEqualTo("no"));
  }

  @Test
  void theOperatorMayPatchButNeverUpdateMeetings() {
    List<String> allowed =
        List.of(
            "get meetings.baton.dev",
            "list meetings.baton.dev",
            "watch meetings.baton.dev",
            "patch meetings.baton.dev",
            "patch meetings.baton.dev --subresource=status",
            "list pods",
            "watch pods",
            "create events",
            "list leases.coordination.k8s.io",
            "watch leases.coordination.k8s.io",
            "create leases.coordination.k8s.io",
            "update leases.coordination.k8s.io",
            "get leases.coordination.k8s.io/baton-operator-leader",
            "patch leases.coordination.k8s.io/baton-operator-leader");
    List<String> refused =
        List.of(
            "update meetings.baton.dev",
            "create meetings.baton.dev",
            "delete meetings.baton.dev",
            "update meetings.baton.dev --subresource=status",
            "update meetings.baton.dev --subresource=finalizers",
            "get pods",
            "delete pods",
            "create pods --subresource=eviction",
            "get leases.coordination.k8s.io/some-worker",
            "patch leases.coordination.k8s.io/some-worker",
            "delete leases.coordination.k8s.io",
            "get secrets",
            "patch events",
            "create events.events.k8s.io",
            "patch deployments.apps");
    assertThat(answers(operator, allowed, cluster.namespace()))
        .allSatisfy((question, answer) -> assertThat(answer).as(question).isEqualTo("yes"));
    assertThat(answers(operator, refused, cluster.namespace()))
        .allSatisfy((question, answer) -> assertThat(answer).as(question).isEqualTo("no"));
    assertThat(answers(operator, List.of("list meetings.baton.dev"), "default"))
        .as("the operator's rights in another namespace")
        .allSatisfy((question, answer) -> assertThat(answer).as(question).isEqualTo("no"));
  }

  @Test
  void aWorkerTokenPatchesStatusButNeverSpec() {
    Meeting meeting = baton.create(Meetings.standUp("guarded"));
    String otherNamespace = cluster.namespace() + "-other";
    cluster
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(otherNamespace).endMetadata().build())
        .create();
    try (KubernetesClient asWorker = clientFor(tokenOf(probePod()))) {
      Meeting elsewhere = Meetings.standUp("elsewhere");
      elsewhere.getMetadata().setNamespace(otherNamespace);
      cluster.client().resource(elsewhere).create();

      Meeting patched =
          status(asWorker, cluster.namespace(), "guarded")
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"spec\":{\"title\":\"hijacked\"},\"status\":{\"observedGeneration\":1}}");
      assertThat(patched.getStatus().getObservedGeneration()).isEqualTo(1L);
      assertThat(patched.getSpec().getTitle())
          .as("spec sent through the status subresource is ignored")
          .isEqualTo(meeting.getSpec().getTitle());

      assertThat(
              refusal(
                  () ->
                      meetings(asWorker, cluster.namespace(), "guarded")
                          .patch(
                              PatchContext.of(PatchType.JSON_MERGE),
                              "{\"spec\":{\"title\":\"hijacked\"}}")))
          .isEqualTo(403);
      assertThat(
              refusal(
                  () ->
                      status(asWorker, otherNamespace, "elsewhere")
                          .patch(
                              PatchContext.of(PatchType.JSON_MERGE),
                              "{\"status\":{\"observedGeneration\":1}}")))
          .as("a status patch in another namespace")
          .isEqualTo(403);
      assertThat(
              refusal(
                  () ->
                      asWorker
                          .pods()
                          .inNamespace(cluster.namespace())
                          .withName(PROBE_POD)
                          .delete()))
          .isEqualTo(403);
      assertThat(
              cluster
                  .client()
                  .resources(Meeting.class)
                  .inNamespace(cluster.namespace())
                  .withName("guarded")
                  .get()
                  .getSpec()
                  .getTitle())
          .isEqualTo(meeting.getSpec().getTitle());
    } finally {
      cluster.client().namespaces().withName(otherNamespace).delete();
    }
  }

  @Test
  void aWorkerWritesOnlyTheLeaseNamedAfterItsOwnPod() {
    try (KubernetesClient asWorker = clientFor(tokenOf(probePod()))) {
      Lease own = asWorker.resource(lease(PROBE_POD)).create();
      assertThat(own.getMetadata().getName()).isEqualTo(PROBE_POD);
      own.getSpec().setHolderIdentity("renewed");
      assertThat(asWorker.resource(own).update().getSpec().getHolderIdentity())
          .isEqualTo("renewed");

      KubernetesClientException foreign =
          catchRefusal(() -> asWorker.resource(lease("another-worker")).create());
      assertThat(foreign.getCode()).isEqualTo(403);
      assertThat(foreign.getMessage()).contains("only the Lease named after its own pod");

      Lease othersLease = cluster.client().resource(lease("another-worker")).create();
      othersLease.getSpec().setHolderIdentity("stolen");
      assertThat(refusal(() -> asWorker.resource(othersLease).update())).isEqualTo(403);
      assertThat(refusal(() -> asWorker.resource(own).delete())).isEqualTo(403);
    }
  }

  @Test
  void theOperatorAddsItsFinalizerButCannotChangeSpec() {
    baton.create(Meetings.standUp("kept"));
    try (KubernetesClient asOperator = impersonating(operator)) {
      Meeting withFinalizer =
          meetings(asOperator, cluster.namespace(), "kept")
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"metadata\":{\"finalizers\":[\"baton.dev/probe\"]}}");
      assertThat(withFinalizer.getMetadata().getFinalizers()).containsExactly("baton.dev/probe");
      Meeting without =
          meetings(asOperator, cluster.namespace(), "kept")
              .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
      assertThat(without.getMetadata().getFinalizers()).isEmpty();

      KubernetesClientException specPatch =
          catchRefusal(
              () ->
                  meetings(asOperator, cluster.namespace(), "kept")
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"spec\":{\"title\":\"rewritten\"}}"));
      assertThat(specPatch.getCode()).isEqualTo(403);
      assertThat(specPatch.getMessage()).contains("never writes a Meeting's spec");
      Meeting current = meetings(asOperator, cluster.namespace(), "kept").get();
      current.getSpec().setTitle("rewritten");
      assertThat(refusal(() -> asOperator.resource(current).update()))
          .as("an update (PUT) of the Meeting")
          .isEqualTo(403);
    }
  }

  /** {@code kubectl auth can-i} as {@code user} for each "verb resource [flags]" line. */
  private Map<String, String> answers(String user, List<String> questions, String namespace) {
    Map<String, String> answers = new LinkedHashMap<>();
    for (String question : questions) {
      List<String> args = new ArrayList<>(List.of("auth", "can-i"));
      args.addAll(List.of(question.split(" ")));
      args.addAll(List.of("-n", namespace, "--as=" + user));
      String output = canI(args);
      String answer = output.lines().findFirst().orElse("");
      if (!answer.equals("yes") && !answer.equals("no")) {
        throw new AssertionError("kubectl auth can-i " + question + " answered: " + output);
      }
      answers.put(question + " -n " + namespace, answer);
    }
    return answers;
  }

  /** Runs can-i, whose exit code is 1 for "no", and returns what it printed. */
  private String canI(List<String> args) {
    try {
      Process process =
          new ProcessBuilder(cluster.plane().kubectlCommand(args.toArray(String[]::new)))
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return output.strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A pod of the worker ServiceAccount that is never scheduled: a token can be bound to it. */
  private Pod probePod() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(PROBE_POD)
            .withNamespace(cluster.namespace())
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName(BatonRelease.NAME + "-worker")
            .withSchedulerName("no-such-scheduler")
            .addNewContainer()
            .withName("worker")
            .withImage("baton")
            .endContainer()
            .endSpec()
            .build();
    return cluster.client().resource(pod).create();
  }

  /** A token bound to {@code pod}, as a kubelet would mount it. */
  private String tokenOf(Pod pod) {
    var request =
        new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(600L)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    return cluster
        .client()
        .serviceAccounts()
        .inNamespace(cluster.namespace())
        .withName(BatonRelease.NAME + "-worker")
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  private KubernetesClient clientFor(String token) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(cluster.plane().apiServerUrl())
            .withOauthToken(token)
            .withTrustCerts(true)
            .withNamespace(cluster.namespace())
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private Lease lease(String name) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(cluster.namespace())
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(name)
        .withLeaseDurationSeconds(5)
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.client.dsl.Resource<Meeting> meetings(
      KubernetesClient client, String namespace, String name) {
    return client.resources(Meeting.class).inNamespace(namespace).withName(name);
  }

  private static io.fabric8.kubernetes.client.dsl.EditReplacePatchable<Meeting> status(
      KubernetesClient client, String namespace, String name) {
    return client
        .resources(Meeting.class)
        .inNamespace(namespace)
        .withName(name)
        .subresource("status");
  }

  private static int refusal(Runnable write) {
    return catchRefusal(write).getCode();
  }

  private static KubernetesClientException catchRefusal(Runnable write) {
    try {
      write.run();
    } catch (KubernetesClientException e) {
      return e;
    }
    throw new AssertionError("the write was not refused");
  }
}
