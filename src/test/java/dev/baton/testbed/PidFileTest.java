package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

  @TempDir Path dir;

  @Test
  void namesARunningProcessUntilItEnds() throws Exception {
    Path file = dir.resolve("sleep.pid");
    Process process = new ProcessBuilder("sleep", "60").start();
    try {
      PidFile.write(file, process.toHandle());

      assertThat(PidFile.running(file)).contains(process.toHandle());
      assertThat(PidFile.ended(file)).isFalse();
    } finally {
      process.destroyForcibly().waitFor();
    }
    assertThat(PidFile.running(file)).isEmpty();
    assertThat(PidFile.ended(file)).isTrue();
  }

  @Test
  void aLiveProcessWithAnotherStartTimeIsNotTheOneRecorded() throws Exception {
    Path file = dir.resolve("reused.pid");
    Files.writeString(file, ProcessHandle.current().pid() + " 2000-01-01T00:00:00Z\n");

    assertThat(PidFile.running(file)).isEmpty();
    assertThat(PidFile.ended(file)).isTrue();
  }

  @Test
  void anUnreadableFileProvesNothing() throws Exception {
    Path garbage = dir.resolve("garbage.pid");
    Files.writeString(garbage, "not a pid\n");

    assertThat(PidFile.ended(dir.resolve("missing.pid"))).isFalse();
    assertThat(PidFile.ended(garbage)).isFalse();
    assertThat(PidFile.running(garbage)).isEmpty();
  }
}
