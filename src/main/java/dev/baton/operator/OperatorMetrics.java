package dev.baton.operator;

import dev.baton.api.v1alpha1.HandoffKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The operator's own meters. They are registered when the bean is created, which {@link #publish()}
 * causes at start in the operator role only: a worker never shows them, and an operator shows them
 * at zero before its first placement.
 */
@ApplicationScoped
public class OperatorMetrics {

  private static final Logger LOG = Logger.getLogger(OperatorMetrics.class);

  /** Bucket bounds of the handoff histograms: from a quick graceful move to a slow recovery. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
  };

  private final Counter placements;
  private final Map<HandoffKind, Counter> handoffs = new EnumMap<>(HandoffKind.class);
  private final Map<HandoffKind, Timer> gaps = new EnumMap<>(HandoffKind.class);
  private final Timer recovery;
  private final Counter reconcileErrors;

  @Inject
  public OperatorMetrics(MeterRegistry registry) {
    placements =
        Counter.builder("baton.placements")
            .description("Assignments written: new meetings placed and meetings moved")
            .register(registry);
    for (HandoffKind kind : HandoffKind.values()) {
      String tag = kind.name().toLowerCase(Locale.ROOT);
      handoffs.put(
          kind,
          Counter.builder("baton.handoffs")
              .description("Moves of a meeting to another worker, counted when decided")
              .tag("kind", tag)
              .register(registry));
      gaps.put(
          kind,
          Timer.builder("baton.handoff.gap")
              .description("Time a moved meeting had no process, measured once it runs again")
              .tag("kind", tag)
              .serviceLevelObjectives(BUCKETS)
              .register(registry));
    }
    recovery =
        Timer.builder("baton.crash.recovery")
            .description("From a lost worker's last heartbeat until its meeting runs elsewhere")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    reconcileErrors =
        Counter.builder("baton.reconcile.errors")
            .description("Reconciles of a Meeting that ended with an exception (then retried)")
            .register(registry);
  }

  /** Creates the bean, and so registers the meters. */
  void publish() {
    LOG.debug("operator metrics registered");
  }

  /** Records what a plan that the API server accepted did; never throws into the reconcile. */
  void written(Plan plan) {
    try {
      record(MoveFigures.of(plan));
    } catch (RuntimeException e) {
      LOG.warnf("could not record metrics: %s", e.toString());
    }
  }

  private void record(MoveFigures figures) {
    if (figures.placed()) {
      placements.increment();
    }
    if (figures.moveStarted() != null) {
      handoffs.get(figures.moveStarted()).increment();
    }
    if (figures.moveCompleted() != null) {
      gaps.get(figures.moveCompleted()).record(figures.gap());
    }
    if (figures.recovery() != null) {
      recovery.record(figures.recovery());
    }
  }

  void reconcileFailed() {
    reconcileErrors.increment();
  }
}
