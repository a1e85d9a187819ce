package dev.baton.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A file naming a process by its pid and its start time, so that a later run never takes a reused
 * pid for the process that once had it.
 */
final class PidFile {

  private static final String UNKNOWN = "-";

  private PidFile() {}

  /** Writes {@code process} into {@code file}, replacing what was there. */
  static void write(Path file, ProcessHandle process) {
    try {
      Files.writeString(file, process.pid() + " " + startOf(process) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The process {@code file} names, when that very process is known to run still. */
  static Optional<ProcessHandle> running(Path file) {
    return read(file)
        .flatMap(
            fields ->
                ProcessHandle.of(Long.parseLong(fields[0]))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> !fields[1].equals(UNKNOWN) && fields[1].equals(startOf(p))));
  }

  /**
   * True only when the process {@code file} names has certainly ended: no process has its pid, or
   * the one that has it started at another time. An unreadable file proves nothing.
   */
  static boolean ended(Path file) {
    Optional<String[]> fields = read(file);
    if (fields.isEmpty()) {
      return false;
    }
    Optional<ProcessHandle> process =
        ProcessHandle.of(Long.parseLong(fields.get()[0])).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return true;
    }
    String recorded = fields.get()[1];
    String actual = startOf(process.get());
    return !recorded.equals(UNKNOWN) && !actual.equals(UNKNOWN) && !recorded.equals(actual);
  }

  private static Optional<String[]> read(Path file) {
    try {
      String[] fields = Files.readString(file).strip().split(" ");
      boolean valid = fields.length == 2 && fields[0].matches("\\d{1,18}");
      return valid ? Optional.of(fields) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The process's start in clock ticks since boot (field 22 of /proc/pid/stat), which no clock
   * adjustment moves. The JDK's start instant adds the boot time each JVM read once, in whole
   * seconds, and that can differ between JVMs by a second when the wall clock drifts: on a VM a
   * live run's folder was taken for a dead one's and swept. Falls back to the instant where /proc
   * cannot be read.
   */
  private static String startOf(ProcessHandle process) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return "ticks:" + fields[19];
    } catch (IOException | RuntimeException e) {
      return process.info().startInstant().map(Instant::toString).orElse(UNKNOWN);
    }
  }
}
