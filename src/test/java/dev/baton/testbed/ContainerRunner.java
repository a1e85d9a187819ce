package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** One container of a pod as a local process: started, probed, restarted, stopped. */
final class ContainerRunner {

  private static final Logger LOG = Logger.getLogger(ContainerRunner.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Duration STABLE_RUN = Duration.ofSeconds(10);

  private final AgentContext context;
  private final PodRunner pod;
  private final Container container;
  private final List<String> argv;
  private final Map<String, String> env;
  private final Path dir;
  private final ProbeCheck check;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final List<ProbeLoop> probes = new ArrayList<>();
  private Process process;
  private List<ProcessHandle> family = List.of();
  private Instant startedAt;
  private Instant exitedAt;
  private Integer exitCode;
  private int restarts;
  private Duration backoff = Duration.ofSeconds(1);
  private boolean ready;
  // Whether the current run passed its startup probe (true when there is none).
  private boolean startupPassed;
  private int startupFailures;
  private ScheduledFuture<?> startupTask;
  private boolean stopping;
  private ScheduledFuture<?> pendingRestart;

  ContainerRunner(
      AgentContext context,
      PodRunner pod,
      Container container,
      List<String> argv,
      Map<String, String> env,
      Path dir,
      String podIp) {
    this.context = context;
    this.pod = pod;
    this.container = container;
    this.argv = argv;
    this.env = env;
    this.dir = dir;
    this.check = new ProbeCheck(context.probeClient(), podIp, container, env, dir);
  }

  /**
   * Launches the process and starts its probes; readiness and liveness wait, as kubelet's do, until
   * the startup probe of the current run passed.
   */
  void start() {
    launch();
    Probe startup = container.getStartupProbe();
    if (startup != null) {
      long period = ProbeCheck.positiveOr(startup.getPeriodSeconds(), 10);
      long delay = startup.getInitialDelaySeconds() == null ? 0 : startup.getInitialDelaySeconds();
      startupTask =
          context
              .scheduler()
              .scheduleWithFixedDelay(() -> startupTick(startup), delay, period, TimeUnit.SECONDS);
    }
    if (container.getReadinessProbe() != null) {
      ProbeLoop readiness =
          new ProbeLoop(
              container.getReadinessProbe(), check, false, this::readinessFlipped, this::started);
      probes.add(readiness);
      readiness.start(context.scheduler());
    }
    if (container.getLivenessProbe() != null) {
      ProbeLoop liveness =
          new ProbeLoop(
              container.getLivenessProbe(), check, true, this::livenessFlipped, this::started);
      probes.add(liveness);
      liveness.start(context.scheduler());
    }
    pod.containerChanged();
  }

  private synchronized boolean started() {
    return startupPassed;
  }

  /**
   * One check of the startup probe of the current run: a pass lets the other probes run; too many
   * failures in a row kill the run, and the restart policy decides what follows.
   */
  private void startupTick(Probe startup) {
    synchronized (this) {
      if (startupPassed || stopping || process == null || !process.isAlive()) {
        return;
      }
    }
    boolean passed = check.passes(startup);
    boolean giveUp;
    synchronized (this) {
      startupPassed = passed;
      startupFailures = passed ? 0 : startupFailures + 1;
      giveUp = startupFailures >= ProbeCheck.positiveOr(startup.getFailureThreshold(), 3);
    }
    if (giveUp) {
      LOG.infof("container %s of pod %s failed its startup probe", name(), pod.key());
      kill();
    }
  }

  private synchronized void launch() {
    if (stopping) {
      return;
    }
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    builder.environment().keySet().retainAll(PodEnvironment.INHERITED);
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      LOG.warnf("container %s of pod %s could not start: %s", name(), pod.key(), e.getMessage());
      exitCode = 128;
      exitedAt = Instant.now();
      context.scheduler().execute(() -> exited(null, 128));
      return;
    }
    ProcessTree.track(process);
    // Lets the watchdog, or a later run, stop this process if the JVM dies without killing it.
    PidFile.write(dir.resolve(name() + ".pid"), process.toHandle());
    startedAt = Instant.now();
    startupPassed = container.getStartupProbe() == null;
    startupFailures = 0;
    ready = container.getReadinessProbe() == null;
    Process started = process;
    started.onExit().thenAccept(p -> exited(started, p.exitValue()));
  }

  private void exited(Process which, int code) {
    boolean restart;
    synchronized (this) {
      if (which != null && which != process) {
        return;
      }
      exitCode = code;
      exitedAt = Instant.now();
      ready = false;
      restart = pod.restartAllowed(code) && !stopping;
      if (restart) {
        scheduleRestart();
      } else {
        finished.complete(null);
      }
    }
    LOG.debugf("container %s of pod %s exited with %d", name(), pod.key(), code);
    pod.containerChanged();
  }

  private void scheduleRestart() {
    if (startedAt != null && Duration.between(startedAt, exitedAt).compareTo(STABLE_RUN) > 0) {
      backoff = Duration.ofSeconds(1);
    }
    restarts++;
    pendingRestart =
        context
            .scheduler()
            .schedule(
                () -> {
                  launch();
                  pod.containerChanged();
                },
                backoff.toMillis(),
                TimeUnit.MILLISECONDS);
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }

  private void readinessFlipped(boolean passed) {
    synchronized (this) {
      ready = passed && process != null && process.isAlive();
    }
    pod.containerChanged();
  }

  private void livenessFlipped(boolean passed) {
    if (!passed) {
      kill();
    }
  }

  /** Sends SIGTERM to the process and its children; no restart follows. */
  synchronized void terminate() {
    stopping = true;
    cancelRestart();
    if (process != null && process.isAlive()) {
      family = ProcessTree.terminate(process.toHandle());
    } else {
      finished.complete(null);
    }
  }

  /** Sends SIGKILL to whatever is left of the process. */
  synchronized void kill() {
    if (process != null) {
      ProcessTree.kill(process.toHandle(), family);
    }
    if (stopping) {
      cancelRestart();
      if (process == null || !process.isAlive()) {
        finished.complete(null);
      }
    }
  }

  private void cancelRestart() {
    if (pendingRestart != null) {
      pendingRestart.cancel(false);
    }
  }

  void stopProbes() {
    if (startupTask != null) {
      startupTask.cancel(false);
    }
    probes.forEach(ProbeLoop::stop);
  }

  /** Completes when the container has exited and will not be restarted. */
  CompletableFuture<Void> exited() {
    return finished;
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  boolean isFinished() {
    return finished.isDone();
  }

  synchronized boolean isReady() {
    return ready && process != null && process.isAlive();
  }

  synchronized int exitCode() {
    return exitCode == null ? 0 : exitCode;
  }

  /** The container's status as a kubelet reports it. */
  synchronized ContainerStatus status() {
    boolean running = process != null && process.isAlive();
    ContainerState state;
    if (running) {
      state =
          new ContainerStateBuilder()
              .withNewRunning()
              .withStartedAt(Times.time(startedAt))
              .endRunning()
              .build();
    } else if (exitCode != null && finished.isDone()) {
      state = terminated();
    } else {
      String reason = exitCode == null ? "ContainerCreating" : "CrashLoopBackOff";
      state = new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build();
    }
    ContainerStatusBuilder status =
        new ContainerStatusBuilder()
            .withName(name())
            .withImage(container.getImage())
            .withImageID("local://" + container.getImage())
            .withContainerID(process == null ? null : "local://" + process.pid())
            .withReady(isReady())
            .withStarted(running)
            .withRestartCount(restarts)
            .withState(state);
    // Between a crash and its restart too, as a kubelet shows the exit behind a CrashLoopBackOff.
    if (restarts > 0 && exitCode != null && !finished.isDone()) {
      status.withLastState(terminated());
    }
    return status.build();
  }

  private ContainerState terminated() {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(exitCode == 0 ? "Completed" : "Error")
        .withStartedAt(startedAt == null ? null : Times.time(startedAt))
        .withFinishedAt(Times.time(exitedAt))
        .endTerminated()
        .build();
  }

  String name() {
    return container.getName();
  }

  Path log() {
    return dir.resolve(name() + ".log");
  }
}
