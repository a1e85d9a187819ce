package dev.baton.testbed;

import java.util.Map;

/** The README's demo: a local control plane with three simulated nodes and a few pods on them. */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) throws Exception {
    TestBedLogging.toConsole();
    int exitCode = 1;
    try {
      run();
      exitCode = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    } finally {
      // The HTTP client's event-loop threads are not daemons and would keep the JVM alive.
      System.exit(exitCode);
    }
  }

  private static void run() throws Exception {
    try (ControlPlane plane = ControlPlane.start();
        NodeAgent agent = new NodeAgent(plane, ImageMap.defaults(TestBed.batonJar()))) {
      for (String node : TestBed.NODES) {
        agent.addNode(node, Map.of());
      }
      plane.kubectl(
          "create",
          "deployment",
          "hello",
          "--image=local/sh",
          "--replicas=3",
          "--",
          "/bin/sh",
          "-c",
          "echo hello from $HOSTNAME; while true; do sleep 1; done");
      plane.kubectl("rollout", "status", "deployment/hello", "--timeout=120s");
      System.out.println(plane.kubectl("get", "nodes,pods", "-A", "-o", "wide"));
    }
  }
}
