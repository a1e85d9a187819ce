package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/** Writes a pod's status as a kubelet would: phase, addresses, conditions, container states. */
final class PodStatusWriter {

  private static final Logger LOG = Logger.getLogger(PodStatusWriter.class);

  private final KubernetesClient client;
  private final Pod pod;
  private final String hostIp;
  private final String podIp;
  private final String startTime = Times.time(Instant.now());
  private final Map<String, String> conditionStatus = new HashMap<>();
  private final Map<String, String> conditionSince = new HashMap<>();
  private PodStatus lastWritten;

  PodStatusWriter(KubernetesClient client, Pod pod, String hostIp, String podIp) {
    this.client = client;
    this.pod = pod;
    this.hostIp = hostIp;
    this.podIp = podIp;
  }

  /** The containers cannot be created yet, for {@code reason}. */
  synchronized void waiting(String reason, String message) {
    List<ContainerStatus> statuses =
        pod.getSpec().getContainers().stream()
            .map(
                c ->
                    new ContainerStatusBuilder()
                        .withName(c.getName())
                        .withImage(c.getImage())
                        .withImageID("")
                        .withReady(false)
                        .withStarted(false)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .endState()
                        .build())
            .toList();
    write("Pending", false, statuses);
  }

  synchronized void started(List<ContainerRunner> containers) {
    running(containers);
  }

  synchronized void running(List<ContainerRunner> containers) {
    boolean ready = containers.stream().allMatch(ContainerRunner::isReady);
    write("Running", ready, containers.stream().map(ContainerRunner::status).toList());
  }

  /** Every container exited for good: Succeeded if all exited 0, else Failed. */
  synchronized void finished(List<ContainerRunner> containers) {
    boolean success = containers.stream().allMatch(c -> c.exitCode() == 0);
    write(
        success ? "Succeeded" : "Failed",
        false,
        containers.stream().map(ContainerRunner::status).toList());
  }

  private void write(String phase, boolean ready, List<ContainerStatus> containers) {
    PodStatus status =
        new PodStatusBuilder()
            .withPhase(phase)
            .withHostIP(hostIp)
            .withHostIPs(new io.fabric8.kubernetes.api.model.HostIP(hostIp))
            .withPodIP(podIp)
            .withPodIPs(new PodIP(podIp))
            .withStartTime(startTime)
            .withConditions(
                condition("PodReadyToStartContainers", true),
                condition("Initialized", true),
                condition("Ready", ready),
                condition("ContainersReady", ready),
                condition("PodScheduled", true))
            .withContainerStatuses(containers)
            .build();
    if (Objects.equals(status, lastWritten)) {
      return;
    }
    String patch = "{\"status\":" + Serialization.asJson(status) + "}";
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      lastWritten = status;
    } catch (KubernetesClientException e) {
      LOG.debugf("could not write the status of pod %s: %s", pod.getMetadata().getName(), e);
    }
  }

  private PodCondition condition(String type, boolean value) {
    String status = value ? "True" : "False";
    if (!status.equals(conditionStatus.put(type, status))) {
      conditionSince.put(type, Times.time(Instant.now()));
    }
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastTransitionTime(conditionSince.get(type))
        .build();
  }
}
