package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirTest {

  @TempDir Path root;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killStarted() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void sweepsAFolderWhoseOwnerDiedWithTheProcessesItRecorded() throws Exception {
    Path dir = folder("dead-owner");
    recordEndedProcess(dir.resolve(WorkDir.OWNER));
    Process etcd = sleeper();
    Process pod = sleeper();
    PidFile.write(dir.resolve("etcd.pid"), etcd.toHandle());
    Path podDir = Files.createDirectories(dir.resolve("pods/ns_pod_0123abcd"));
    PidFile.write(podDir.resolve("main.pid"), pod.toHandle());

    assertThat(WorkDir.sweepLeftovers(root)).containsExactly(dir);

    assertThat(etcd.waitFor(5, TimeUnit.SECONDS)).as("etcd stopped").isTrue();
    assertThat(pod.waitFor(5, TimeUnit.SECONDS)).as("pod stopped").isTrue();
    assertThat(dir).doesNotExist();
  }

  @Test
  void keepsFoldersOfLiveOrUnknownOwners() throws Exception {
    Path live = folder("live-owner");
    PidFile.write(live.resolve(WorkDir.OWNER), ProcessHandle.current());
    Path unmarked = folder("unmarked");
    Path otherTool = Files.createDirectories(root.resolve("something-else"));
    recordEndedProcess(otherTool.resolve(WorkDir.OWNER));

    assertThat(WorkDir.sweepLeftovers(root)).isEmpty();

    assertThat(live).isDirectory();
    assertThat(unmarked).isDirectory();
    assertThat(otherTool).isDirectory();
  }

  @Test
  void neverStopsAProcessThatOnlyReusedARecordedPid() throws Exception {
    Path dir = folder("reused-pid");
    recordEndedProcess(dir.resolve(WorkDir.OWNER));
    Process bystander = sleeper();
    Files.writeString(dir.resolve("etcd.pid"), bystander.pid() + " 2000-01-01T00:00:00Z\n");

    WorkDir.sweepLeftovers(root);

    assertThat(bystander.isAlive()).isTrue();
    assertThat(dir).doesNotExist();
  }

  private Path folder(String suffix) throws Exception {
    return Files.createDirectories(root.resolve(WorkDir.PREFIX + suffix));
  }

  private Process sleeper() throws Exception {
    Process process = new ProcessBuilder("sleep", "60").start();
    started.add(process);
    return process;
  }

  /** Records a process in {@code file} while it runs, then ends it. */
  private void recordEndedProcess(Path file) throws Exception {
    Process process = sleeper();
    PidFile.write(file, process.toHandle());
    process.destroyForcibly().waitFor();
  }
}
