package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogTest {

  @TempDir Path root;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killStarted() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void stopsWhatTheFolderRecordsOnceItsInputEnds() throws Exception {
    Path dir = Files.createDirectories(root.resolve("plane"));
    Path log = Files.writeString(dir.resolve("etcd.log"), "");
    Process etcd = start(dir, "tail", "-f", log.toString());
    PidFile.write(dir.resolve("etcd.pid"), etcd.toHandle());
    Path podDir = Files.createDirectories(dir.resolve("pods/ns_pod_0123abcd"));
    Process pod = start(podDir, "sleep", "30");
    PidFile.write(podDir.resolve("main.pid"), pod.toHandle());
    Watchdog watchdog = Watchdog.start(dir, false, Optional.empty());

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> etcd.isAlive() && pod.isAlive());

    watchdog.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> !etcd.isAlive() && !pod.isAlive());
    await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dir));
  }

  @Test
  void leavesAloneAProcessThatOnlyHasARecordedPid() throws Exception {
    Path dir = Files.createDirectories(root.resolve("plane"));
    Process bystander = start(root, "sleep", "30");
    PidFile.write(dir.resolve("kube-apiserver.pid"), bystander.toHandle());

    Watchdog.start(dir, false, Optional.empty()).close();

    await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dir));
    assertThat(bystander.isAlive()).isTrue();
  }

  @Test
  void keepsTheFolderWhenAskedButUnmarksIt() throws Exception {
    Path dir = Files.createDirectories(root.resolve("plane"));
    PidFile.write(dir.resolve(WorkDir.OWNER), ProcessHandle.current());

    Watchdog.start(dir, true, Optional.empty()).close();

    await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dir.resolve(WorkDir.OWNER)));
    assertThat(dir).isDirectory();
  }

  private Process start(Path dir, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
    started.add(process);
    return process;
  }
}
