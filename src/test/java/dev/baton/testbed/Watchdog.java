package dev.baton.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stops the control plane and its pods once the JVM that started them has ended, however it ended:
 * a shell outside the JVM that waits for the end of its standard input, a pipe that only this JVM
 * holds. It covers what shutdown hooks cannot: a JVM killed outright, or halted by a test runner
 * whose Maven process went away.
 */
final class Watchdog implements AutoCloseable {

  /**
   * Pods are recognised by their working folder and control-plane processes by the folder in their
   * arguments, so a pid that was reused meanwhile is never signalled. A zombie counts as ended: the
   * orphans wait for init to reap them, which may take a while.
   */
  private static final String SCRIPT =
      """
      dir=$1 keep=$2
      alive() {
        state=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)
        [ -n "$state" ] && [ "$state" != Z ]
      }
      cat >/dev/null
      [ -d "$dir" ] || exit 0
      for file in "$dir"/pods/*/*.pid; do
        [ -f "$file" ] || continue
        pid=$(cut -d' ' -f1 "$file")
        case $(readlink "/proc/$pid/cwd" 2>/dev/null) in "$dir"/*) kill -KILL "$pid";; esac
      done
      for name in kube-scheduler kube-controller-manager kube-apiserver etcd; do
        [ -f "$dir/$name.pid" ] || continue
        pid=$(cut -d' ' -f1 "$dir/$name.pid")
        grep -qF "$dir" "/proc/$pid/cmdline" 2>/dev/null || continue
        kill -TERM "$pid"
        tries=0
        while alive "$pid" && [ $tries -lt 50 ]; do
          sleep 0.1
          tries=$((tries + 1))
        done
        kill -KILL "$pid" 2>/dev/null
      done
      if [ "$keep" = keep ]; then rm -f "$dir/owner.pid"; else rm -rf "$dir"; fi
      """;

  private final Process process;

  private Watchdog(Process process) {
    this.process = process;
  }

  /**
   * Starts watching {@code workDir}; {@code setsid}, when there is one, keeps a terminal's Ctrl-C
   * away from the watchdog, which must outlive the JVM it watches.
   */
  static Watchdog start(Path workDir, boolean keep, Optional<Path> setsid) throws IOException {
    List<String> command = new ArrayList<>();
    setsid.ifPresent(path -> command.add(path.toString()));
    command.addAll(
        List.of("/bin/sh", "-c", SCRIPT, "baton-watchdog", workDir.toString(), keep ? "keep" : ""));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    return new Watchdog(process);
  }

  /** Lets the watchdog end; it acts only on what close() of the control plane left behind. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed: the watchdog has seen the end of its input either way.
    }
  }
}
