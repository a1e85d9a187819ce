package dev.baton.testbed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Signals local processes with their descendants; kills every one left when the JVM exits. */
final class ProcessTree {

  private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

  static {
    try {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ProcessTree::killAll, "baton-node-agent-reaper"));
    } catch (IllegalStateException exiting) {
      // First used by a shutdown hook: that hook is the one killing the processes.
    }
  }

  private ProcessTree() {}

  /** Remembers {@code process} until it exits, so that a dying JVM kills it. */
  static void track(Process process) {
    ProcessHandle handle = process.toHandle();
    LIVE.add(handle);
    process.onExit().thenRun(() -> LIVE.remove(handle));
  }

  /**
   * Sends SIGTERM to {@code root} and its descendants; returns them all, because once the root
   * exits its orphans can no longer be found from it.
   */
  static List<ProcessHandle> terminate(ProcessHandle root) {
    List<ProcessHandle> family = family(root);
    family.forEach(ProcessHandle::destroy);
    return family;
  }

  /** Sends SIGKILL to {@code root}, its descendants and the processes found earlier. */
  static void kill(ProcessHandle root, Collection<ProcessHandle> foundEarlier) {
    List<ProcessHandle> all = family(root);
    all.addAll(foundEarlier);
    all.forEach(ProcessHandle::destroyForcibly);
  }

  private static List<ProcessHandle> family(ProcessHandle root) {
    List<ProcessHandle> family = new ArrayList<>();
    family.add(root);
    root.descendants().forEach(family::add);
    return family;
  }

  /** Kills every tracked process now; the JVM's exit does it anyway. */
  static void killAll() {
    LIVE.forEach(process -> kill(process, List.of()));
  }
}
