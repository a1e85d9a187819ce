package dev.baton.bench;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local JVM a simulated node runs for a pod: its resident memory and CPU ticks from /proc, and
 * its live heap from {@code jcmd} after a full collection.
 */
record PodProcess(String pod, long pid) {

  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
  private static final long TICKS_PER_SECOND = 100;

  /** The process of the pod's first container; the node agent reports it as local://pid. */
  static PodProcess of(Pod pod) {
    String id = pod.getStatus().getContainerStatuses().get(0).getContainerID();
    return new PodProcess(pod.getMetadata().getName(), Long.parseLong(id.replace("local://", "")));
  }

  /** Resident set size in bytes (VmRSS of /proc/pid/status). */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for pid " + pid);
  }

  /** User plus system CPU time in seconds (fields 14 and 15 of /proc/pid/stat). */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks / (double) TICKS_PER_SECOND;
  }

  /** Heap in use right after a full collection ({@code jcmd GC.run}, then GC.heap_info). */
  long liveHeapBytes() {
    jcmd("GC.run");
    Matcher matcher = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!matcher.find()) {
      throw new IllegalStateException("no heap figure from jcmd for pid " + pid);
    }
    return Long.parseLong(matcher.group(1)) * 1024;
  }

  private String jcmd(String command) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    return dev.baton.testbed.Commands.run(
        Path.of("."), List.of(jcmd, String.valueOf(pid), command), Duration.ofMinutes(2));
  }
}
