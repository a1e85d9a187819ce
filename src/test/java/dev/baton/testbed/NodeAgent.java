package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Stands in for the kubelets of simulated nodes: registers Nodes, renews their Leases and runs each
 * Pod bound to them as local processes, on an address of its own in this agent's block of
 * 127.0.0.0/8.
 */
public final class NodeAgent implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(NodeAgent.class);

  private final AgentContext context;
  private final Map<String, SimulatedNode> nodes = new ConcurrentHashMap<>();
  private final Map<String, PodRunner> runners = new ConcurrentHashMap<>();
  private final ExecutorService syncThread;
  private final AddressBlock addresses = AddressBlock.claim();
  private final SharedIndexInformer<Pod> informer;

  public NodeAgent(ControlPlane plane, ImageMap images) throws IOException {
    Path podsDir = Files.createDirectories(plane.workDir().resolve("pods"));
    this.context =
        new AgentContext(
            plane.newClient(),
            Executors.newScheduledThreadPool(4, daemon("baton-agent-timer")),
            Executors.newCachedThreadPool(daemon("baton-agent-relay")),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(),
            images,
            new InetSocketAddress(plane.apiServerHost(), plane.apiServerPort()),
            podsDir,
            new ConcurrentHashMap<>());
    this.syncThread = Executors.newSingleThreadExecutor(daemon("baton-agent-sync"));
    this.informer = context.client().pods().inAnyNamespace().inform(new PodEvents(), 0);
    LOG.infof("nodes and pods get addresses in 127.%d.0.0/16", addresses.octet());
  }

  /** Registers a Ready node with {@code labels} and starts renewing its Lease. */
  public void addNode(String name, Map<String, String> labels) {
    SimulatedNode node =
        new SimulatedNode(context, name, addresses.nodeAddress(nodes.size() + 1), labels);
    node.register();
    nodes.put(name, node);
    // Pods may have been bound to this name before it registered.
    informer.getStore().list().forEach(this::onPodChanged);
  }

  /**
   * Crashes a node: every process of its pods gets SIGKILL and its heartbeats stop, so the
   * node-lifecycle controller marks it NotReady. Its pods stay in the API server as they would.
   */
  public void crashNode(String name) {
    SimulatedNode node = requireNode(name);
    node.crash();
    runners.values().stream().filter(r -> r.nodeName().equals(name)).forEach(PodRunner::crash);
    LOG.infof("crashed node %s", name);
  }

  /**
   * Kills every container of a pod with SIGKILL, as the kernel's OOM killer would; the pod stays
   * and its restart policy brings the containers back.
   */
  public void killContainers(String namespace, String name) {
    requireRunner(namespace, name).killContainers();
    LOG.infof("killed the containers of pod %s/%s", namespace, name);
  }

  /** Cuts a pod off from the API server: its proxy stops listening and drops connections. */
  public void cutPod(String namespace, String name) {
    requireRunner(namespace, name).proxy().cut();
  }

  /** Lets a cut-off pod reach the API server again. */
  public void reconnectPod(String namespace, String name) throws IOException {
    requireRunner(namespace, name).proxy().listen();
  }

  /** True while some container process of the pod is alive. */
  public boolean isRunning(String namespace, String name) {
    return runnerOf(namespace, name).map(PodRunner::isRunning).orElse(false);
  }

  /** The kubeconfig through which the pod reaches the API server as its ServiceAccount. */
  public Path kubeconfigOf(String namespace, String pod) {
    return podDir(namespace, pod).resolve(PodRunner.KUBECONFIG);
  }

  /** The output of one container of the pod, kept after the pod is gone. */
  public Path logOf(String namespace, String pod, String container) {
    return podDir(namespace, pod).resolve(container + ".log");
  }

  private Path podDir(String namespace, String pod) {
    Path dir = context.podDirs().get(AgentContext.key(namespace, pod));
    if (dir == null) {
      throw new IllegalArgumentException("no pod " + namespace + "/" + pod + " ran on this agent");
    }
    return dir;
  }

  private Optional<PodRunner> runnerOf(String namespace, String name) {
    String key = AgentContext.key(namespace, name);
    return runners.values().stream().filter(r -> r.key().equals(key)).findFirst();
  }

  private PodRunner requireRunner(String namespace, String name) {
    return runnerOf(namespace, name)
        .orElseThrow(() -> new IllegalArgumentException("no pod " + namespace + "/" + name));
  }

  private SimulatedNode requireNode(String name) {
    SimulatedNode node = nodes.get(name);
    if (node == null) {
      throw new IllegalArgumentException("no simulated node " + name);
    }
    return node;
  }

  private void onPodChanged(Pod pod) {
    syncThread.execute(() -> sync(pod));
  }

  private void sync(Pod pod) {
    String uid = pod.getMetadata().getUid();
    SimulatedNode node = nodes.get(String.valueOf(pod.getSpec().getNodeName()));
    PodRunner runner = runners.get(uid);
    if (runner == null && (node == null || !node.alive())) {
      return;
    }
    try {
      if (runner == null) {
        runner = startRunner(pod, node);
      }
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        runner.terminate(pod.getMetadata().getDeletionGracePeriodSeconds());
      }
    } catch (KubernetesClientException | IOException e) {
      LOG.warnf("could not sync pod %s: %s", AgentContext.key(namespace(pod), name(pod)), e);
    }
  }

  private PodRunner startRunner(Pod pod, SimulatedNode node) throws IOException {
    PodRunner runner = new PodRunner(context, pod, node.address(), addresses.nextPodAddress());
    runners.put(pod.getMetadata().getUid(), runner);
    runner.onRemoved(() -> runners.remove(pod.getMetadata().getUid()));
    if (pod.getMetadata().getDeletionTimestamp() == null && !isTerminal(pod)) {
      runner.start();
    }
    return runner;
  }

  private void onPodDeleted(Pod pod) {
    syncThread.execute(
        () -> {
          PodRunner runner = runners.get(pod.getMetadata().getUid());
          if (runner != null) {
            runner.forceStop();
          }
        });
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  @Override
  public void close() {
    informer.close();
    syncThread.shutdownNow();
    nodes.values().forEach(SimulatedNode::crash);
    List.copyOf(runners.values()).forEach(PodRunner::crash);
    context.scheduler().shutdownNow();
    context.relayThreads().shutdownNow();
    context.client().close();
    addresses.close();
  }

  private static String namespace(Pod pod) {
    return pod.getMetadata().getNamespace();
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private final class PodEvents implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      onPodChanged(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
      onPodChanged(pod);
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
      onPodDeleted(pod);
    }
  }
}
