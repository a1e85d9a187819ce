package dev.baton.testbed;

/** Node heartbeat timings shared by the controller-manager's flags and the node agent. */
public final class NodeTiming {

  /** How long a node may miss its Lease renewals before the controller marks it NotReady. */
  public static final String NODE_MONITOR_GRACE_PERIOD = "16s";

  /** Duration written into each node Lease. */
  public static final int NODE_LEASE_DURATION_SECONDS = 40;

  /** How often the agent renews a node Lease. */
  public static final long NODE_LEASE_RENEW_MILLIS = 2_000;

  private NodeTiming() {}
}
