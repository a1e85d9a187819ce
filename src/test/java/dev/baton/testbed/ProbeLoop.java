package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Probe;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs one probe at its period and reports each flip of its thresholded result. */
final class ProbeLoop {

  private final Probe probe;
  private final ProbeCheck check;
  private final Consumer<Boolean> onFlip;
  private boolean healthy;
  private int successes;
  private int failures;
  private boolean stopped;
  private ScheduledFuture<?> task;

  ProbeLoop(Probe probe, ProbeCheck check, boolean initiallyHealthy, Consumer<Boolean> onFlip) {
    this.probe = probe;
    this.check = check;
    this.healthy = initiallyHealthy;
    this.onFlip = onFlip;
  }

  synchronized void start(ScheduledExecutorService scheduler) {
    long delay = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
    long period = ProbeCheck.positiveOr(probe.getPeriodSeconds(), 10);
    task = scheduler.scheduleWithFixedDelay(this::tick, delay, period, TimeUnit.SECONDS);
  }

  synchronized void stop() {
    stopped = true;
    if (task != null) {
      task.cancel(false);
    }
  }

  private void tick() {
    boolean passed = check.passes(probe);
    if (record(passed)) {
      onFlip.accept(passed);
    }
  }

  /** Counts the result; true when it flips the probe's state. */
  synchronized boolean record(boolean passed) {
    if (stopped) {
      return false;
    }
    successes = passed ? successes + 1 : 0;
    failures = passed ? 0 : failures + 1;
    boolean flips =
        healthy
            ? failures >= ProbeCheck.positiveOr(probe.getFailureThreshold(), 3)
            : successes >= ProbeCheck.positiveOr(probe.getSuccessThreshold(), 1);
    if (flips) {
      healthy = !healthy;
    }
    return flips;
  }
}
