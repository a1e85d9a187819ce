package dev.baton.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The control plane's temporary folder. It names its owner and every process started in it in pid
 * files, so that the next run can stop and remove what a run killed outright left behind.
 */
final class WorkDir {

  static final String PREFIX = "baton-control-plane-";
  static final String OWNER = "owner.pid";

  private static final Logger LOG = Logger.getLogger(WorkDir.class);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private WorkDir() {}

  /** Sweeps what dead runs left in the temporary folder, then makes a folder this JVM owns. */
  static Path create() throws IOException {
    Path root = Path.of(System.getProperty("java.io.tmpdir"));
    sweepLeftovers(root);
    Path dir = Files.createTempDirectory(root, PREFIX);
    PidFile.write(dir.resolve(OWNER), ProcessHandle.current());
    return dir;
  }

  /** True when the user asked to keep the folder for a look after the run. */
  static boolean keepRequested() {
    return Boolean.getBoolean("baton.keepWorkDir");
  }

  /** Marks a folder that is kept on purpose, so that no later run sweeps it. */
  static void keep(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(OWNER));
    } catch (IOException e) {
      LOG.warnf("could not unmark %s; a later run may remove it: %s", dir, e.getMessage());
    }
  }

  /** Sweeps every folder under {@code root} whose owner has ended; returns the ones swept. */
  static List<Path> sweepLeftovers(Path root) {
    try (Stream<Path> entries = Files.list(root)) {
      List<Path> leftovers =
          entries
              .filter(path -> path.getFileName().toString().startsWith(PREFIX))
              .filter(path -> PidFile.ended(path.resolve(OWNER)))
              .toList();
      leftovers.forEach(WorkDir::sweep);
      return leftovers;
    } catch (IOException e) {
      LOG.debugf("could not look for leftover control planes in %s: %s", root, e);
      return List.of();
    }
  }

  private static void sweep(Path dir) {
    List<ProcessHandle> left = recordedProcesses(dir);
    left.forEach(ProcessHandle::destroyForcibly);
    left.forEach(WorkDir::awaitExit);
    if (keepRequested()) {
      keep(dir);
    } else {
      Commands.deleteTree(dir);
    }
    LOG.infof("swept %s, left by a run that died; stopped %d of its processes", dir, left.size());
  }

  /** Processes named by pid files in the folder (control plane) or a pod's folder below it. */
  private static List<ProcessHandle> recordedProcesses(Path dir) {
    try (Stream<Path> files = Files.walk(dir, 3)) {
      return files
          .filter(path -> path.getFileName().toString().endsWith(".pid"))
          .filter(path -> !path.getFileName().toString().equals(OWNER))
          .map(PidFile::running)
          .flatMap(Optional::stream)
          .toList();
    } catch (IOException | UncheckedIOException e) {
      // A pod folder may vanish meanwhile; whatever was found is still stopped.
      return List.of();
    }
  }

  private static void awaitExit(ProcessHandle process) {
    try {
      process.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warnf("process %d did not end after SIGKILL", process.pid());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
