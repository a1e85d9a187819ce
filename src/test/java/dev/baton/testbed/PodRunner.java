package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs one pod as a kubelet would: its containers as local processes, its status, its probes and
 * its graceful termination, followed by removing the pod object.
 */
final class PodRunner {

  static final String KUBECONFIG = "kubeconfig";

  private static final Logger LOG = Logger.getLogger(PodRunner.class);
  private static final long DEFAULT_GRACE_SECONDS = 30;
  private static final long CONFIG_RETRY_SECONDS = 2;

  private final AgentContext context;
  private final Pod pod;
  private final String hostIp;
  private final String podIp;
  private final Path dir;
  private final ApiProxy proxy;
  private final PodStatusWriter status;
  private final List<ContainerRunner> containers = new ArrayList<>();
  private Runnable onRemoved = () -> {};
  private boolean terminating;
  private boolean crashed;
  private ScheduledFuture<?> retry;

  PodRunner(AgentContext context, Pod pod, String hostIp, String podIp) throws IOException {
    this.context = context;
    this.pod = pod;
    this.hostIp = hostIp;
    this.podIp = podIp;
    String folder =
        pod.getMetadata().getNamespace()
            + "_"
            + pod.getMetadata().getName()
            + "_"
            + pod.getMetadata().getUid().substring(0, 8);
    this.dir = Files.createDirectories(context.podsDir().resolve(folder));
    context.podDirs().put(key(), dir);
    this.proxy =
        new ApiProxy(
            new InetSocketAddress(podIp, AgentContext.API_PROXY_PORT),
            context.apiServer(),
            context.relayThreads());
    this.status = new PodStatusWriter(context.client(), pod, hostIp, podIp);
  }

  String key() {
    return AgentContext.key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  String nodeName() {
    return pod.getSpec().getNodeName();
  }

  String address() {
    return podIp;
  }

  ApiProxy proxy() {
    return proxy;
  }

  void onRemoved(Runnable callback) {
    this.onRemoved = callback;
  }

  synchronized boolean isRunning() {
    return containers.stream().anyMatch(ContainerRunner::isAlive);
  }

  /** Prepares the pod's credentials and environment and starts its containers. */
  synchronized void start() {
    if (terminating || crashed) {
      return;
    }
    try {
      proxy.listen();
      String server = "https://" + podIp + ":" + AgentContext.API_PROXY_PORT;
      PodCredentials.writeKubeconfig(context.client(), pod, server, dir.resolve(KUBECONFIG));
      PodEnvironment environment = new PodEnvironment(context.client(), pod, podIp, hostIp);
      List<ContainerRunner> prepared = new ArrayList<>();
      for (Container container : pod.getSpec().getContainers()) {
        prepared.add(prepare(container, environment.of(container)));
      }
      containers.addAll(prepared);
    } catch (PodConfigException | IOException e) {
      status.waiting("CreateContainerConfigError", e.getMessage());
      retry = context.scheduler().schedule(this::start, CONFIG_RETRY_SECONDS, TimeUnit.SECONDS);
      return;
    }
    status.started(containers);
    containers.forEach(ContainerRunner::start);
  }

  private ContainerRunner prepare(Container container, Map<String, String> env)
      throws PodConfigException {
    List<String> argv =
        context
            .images()
            .argv(container)
            .orElseThrow(
                () ->
                    new PodConfigException(
                        "image " + container.getImage() + " is not mapped to a local command"));
    List<String> expanded = argv.stream().map(arg -> PodEnvironment.expand(arg, env)).toList();
    Map<String, String> all = new java.util.LinkedHashMap<>(env);
    all.put("KUBECONFIG", dir.resolve(KUBECONFIG).toString());
    all.putIfAbsent("HOSTNAME", pod.getMetadata().getName());
    return new ContainerRunner(context, this, container, expanded, all, dir, podIp);
  }

  /** Called by a container after it started, exited or flipped readiness. */
  synchronized void containerChanged() {
    if (crashed) {
      return;
    }
    if (!terminating && containers.stream().allMatch(ContainerRunner::isFinished)) {
      status.finished(containers);
      return;
    }
    if (!terminating) {
      status.running(containers);
    }
  }

  /** SIGTERM to every container, SIGKILL after the grace period, then the pod object goes. */
  synchronized void terminate(Long gracePeriodSeconds) {
    if (terminating || crashed) {
      return;
    }
    terminating = true;
    if (retry != null) {
      retry.cancel(false);
    }
    long grace = gracePeriodSeconds == null ? DEFAULT_GRACE_SECONDS : gracePeriodSeconds;
    LOG.debugf("terminating pod %s with a grace period of %ds", key(), grace);
    List<ContainerRunner> live = List.copyOf(containers);
    live.forEach(ContainerRunner::terminate);
    ScheduledFuture<?> kill =
        context
            .scheduler()
            .schedule(() -> live.forEach(ContainerRunner::kill), grace, TimeUnit.SECONDS);
    java.util.concurrent.CompletableFuture.allOf(
            live.stream()
                .map(ContainerRunner::exited)
                .toArray(java.util.concurrent.CompletableFuture[]::new))
        .thenRunAsync(
            () -> {
              kill.cancel(false);
              removePodObject();
            },
            context.scheduler());
  }

  /** The pod object is already gone (a forced delete): stop everything at once. */
  synchronized void forceStop() {
    terminating = true;
    containers.forEach(ContainerRunner::kill);
    stopSupport();
    onRemoved.run();
  }

  /** Every container gets kill -9; the restart policy decides what comes back. */
  synchronized void killContainers() {
    containers.forEach(ContainerRunner::kill);
  }

  /** The node died: kill -9 without telling anyone, the pod object stays as it is. */
  synchronized void crash() {
    crashed = true;
    if (retry != null) {
      retry.cancel(false);
    }
    containers.forEach(ContainerRunner::kill);
    stopSupport();
  }

  private void removePodObject() {
    stopSupport();
    try {
      context
          .client()
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    } catch (KubernetesClientException e) {
      LOG.warnf("could not remove pod %s: %s", key(), e.getMessage());
    }
    onRemoved.run();
  }

  private void stopSupport() {
    proxy.close();
    containers.forEach(ContainerRunner::stopProbes);
  }

  Pod pod() {
    return pod;
  }

  boolean restartAllowed(int exitCode) {
    if (terminating || crashed) {
      return false;
    }
    String policy = pod.getSpec().getRestartPolicy();
    return policy == null
        || policy.equals("Always")
        || (policy.equals("OnFailure") && exitCode != 0);
  }
}
