package dev.baton.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs local commands and tidies folders for the test bed. */
public final class Commands {

  private Commands() {}

  /** Runs {@code command} in {@code dir}; returns stdout and stderr, or throws with them. */
  public static String run(Path dir, List<String> command, Duration timeout) {
    try {
      Path output = Files.createTempFile("baton-command-", ".out");
      output.toFile().deleteOnExit();
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        // A dying JVM kills it: kubectl and helm would otherwise outlive an interrupted run.
        ProcessTree.track(process);
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (!finished || process.exitValue() != 0) {
          String why = finished ? "exited with " + process.exitValue() : "timed out";
          throw new CommandFailedException(String.join(" ", command) + " " + why + ":\n" + text);
        }
        return text;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /** Deletes a folder and everything below it, ignoring files that vanish meanwhile. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a leftover temporary folder is not worth failing a run for.
    }
  }

  /** A local command that exited non-zero or timed out. */
  public static final class CommandFailedException extends RuntimeException {
    CommandFailedException(String message) {
      super(message);
    }
  }
}
