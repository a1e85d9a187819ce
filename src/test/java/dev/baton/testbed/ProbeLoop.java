package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Probe;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Runs one probe at its period and reports each flip of its thresholded result. */
final class ProbeLoop {

  private final Probe probe;
  private final ProbeCheck check;
  private final Consumer<Boolean> onFlip;
  private final BooleanSupplier active;
  private final boolean initiallyHealthy;
  private boolean healthy;
  private int successes;
  private int failures;
  private boolean stopped;
  private ScheduledFuture<?> task;

  ProbeLoop(Probe probe, ProbeCheck check, boolean initiallyHealthy, Consumer<Boolean> onFlip) {
    this(probe, check, initiallyHealthy, onFlip, () -> true);
  }

  /** A probe that runs only while {@code active} says so, as kubelet waits for a startup probe. */
  ProbeLoop(
      Probe probe,
      ProbeCheck check,
      boolean initiallyHealthy,
      Consumer<Boolean> onFlip,
      BooleanSupplier active) {
    this.probe = probe;
    this.check = check;
    this.initiallyHealthy = initiallyHealthy;
    this.healthy = initiallyHealthy;
    this.onFlip = onFlip;
    this.active = active;
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
    if (!active.getAsBoolean()) {
      restart();
      return;
    }
    boolean passed = check.passes(probe);
    if (record(passed)) {
      onFlip.accept(passed);
    }
  }

  /** A new run of the container starts from the probe's initial state, as under kubelet. */
  private synchronized void restart() {
    healthy = initiallyHealthy;
    successes = 0;
    failures = 0;
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
