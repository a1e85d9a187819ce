package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** One simulated node: its Node object, its Ready status and the Lease that is its heartbeat. */
final class SimulatedNode {

  private static final Logger LOG = Logger.getLogger(SimulatedNode.class);
  private static final String LEASE_NAMESPACE = "kube-node-lease";
  private static final Map<String, Quantity> CAPACITY =
      Map.of("cpu", new Quantity("8"), "memory", new Quantity("16Gi"), "pods", new Quantity("250"));

  private final AgentContext context;
  private final String name;
  private final String address;
  private final Map<String, String> labels;
  private volatile boolean alive = true;
  private ScheduledFuture<?> heartbeat;

  SimulatedNode(AgentContext context, String name, String address, Map<String, String> labels) {
    this.context = context;
    this.name = name;
    this.address = address;
    this.labels = labels;
  }

  String address() {
    return address;
  }

  boolean alive() {
    return alive;
  }

  /** Creates (or takes over) the Node, reports it Ready and starts renewing its Lease. */
  void register() {
    Node node = context.client().nodes().withName(name).get();
    if (node == null) {
      node = context.client().resource(newNode()).create();
    }
    context
        .client()
        .nodes()
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), statusPatch(node));
    Lease lease = newLease(node);
    context.client().resource(lease).serverSideApply();
    heartbeat =
        context
            .scheduler()
            .scheduleWithFixedDelay(
                this::renew, 0, NodeTiming.NODE_LEASE_RENEW_MILLIS, TimeUnit.MILLISECONDS);
    LOG.infof("registered node %s at %s", name, address);
  }

  /** Stops the heartbeat for good; the node's processes are killed by the agent. */
  void crash() {
    alive = false;
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
  }

  private void renew() {
    if (!alive) {
      return;
    }
    String patch = "{\"spec\":{\"renewTime\":\"" + Times.microTime(Instant.now()) + "\"}}";
    try {
      context
          .client()
          .leases()
          .inNamespace(LEASE_NAMESPACE)
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      LOG.debugf("could not renew the lease of node %s: %s", name, e.getMessage());
    }
  }

  private Node newNode() {
    Map<String, String> all = new HashMap<>(labels);
    all.put("kubernetes.io/hostname", name);
    all.put("kubernetes.io/os", "linux");
    all.put("kubernetes.io/arch", "amd64");
    return new NodeBuilder().withNewMetadata().withName(name).withLabels(all).endMetadata().build();
  }

  private String statusPatch(Node node) {
    String now = Times.time(Instant.now());
    List<NodeCondition> conditions =
        List.of(
            condition(
                "Ready", "True", "KubeletReady", "simulated node is posting ready status", now),
            condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "", now),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "", now),
            condition("PIDPressure", "False", "KubeletHasSufficientPID", "", now));
    Node status =
        new NodeBuilder()
            .withNewStatus()
            .withCapacity(CAPACITY)
            .withAllocatable(CAPACITY)
            .withConditions(conditions)
            .addNewAddress()
            .withType("InternalIP")
            .withAddress(address)
            .endAddress()
            .addNewAddress()
            .withType("Hostname")
            .withAddress(name)
            .endAddress()
            .withNewNodeInfo()
            .withArchitecture("amd64")
            .withOperatingSystem("linux")
            .withKubeletVersion("v1.36.0-baton-agent")
            .withContainerRuntimeVersion("baton-agent://local-processes")
            .withOsImage("simulated")
            .withKernelVersion(System.getProperty("os.version"))
            .withMachineID(node.getMetadata().getUid())
            .withSystemUUID(node.getMetadata().getUid())
            .withBootID(java.util.UUID.randomUUID().toString())
            .endNodeInfo()
            .endStatus()
            .build();
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(status);
  }

  private static NodeCondition condition(
      String type, String status, String reason, String message, String now) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  private Lease newLease(Node node) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(LEASE_NAMESPACE)
        .addNewOwnerReference()
        .withApiVersion("v1")
        .withKind("Node")
        .withName(name)
        .withUid(node.getMetadata().getUid())
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(name)
        .withLeaseDurationSeconds(NodeTiming.NODE_LEASE_DURATION_SECONDS)
        .withRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))
        .endSpec()
        .build();
  }
}
