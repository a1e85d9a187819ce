package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import org.junit.jupiter.api.Test;

class ProbeLoopTest {

  @Test
  void turnsHealthyAfterSuccessThresholdInARow() {
    ProbeLoop readiness = loop(probe(2, 3), false);

    assertThat(readiness.record(true)).isFalse();
    assertThat(readiness.record(false)).isFalse();
    assertThat(readiness.record(true)).isFalse();
    assertThat(readiness.record(true)).as("second success in a row").isTrue();
    assertThat(readiness.record(true)).as("already healthy").isFalse();
  }

  @Test
  void turnsUnhealthyOnlyAfterFailureThresholdInARow() {
    ProbeLoop liveness = loop(probe(1, 3), true);

    assertThat(liveness.record(false)).isFalse();
    assertThat(liveness.record(false)).isFalse();
    assertThat(liveness.record(true)).as("a success resets the failures").isFalse();
    assertThat(liveness.record(false)).isFalse();
    assertThat(liveness.record(false)).isFalse();
    assertThat(liveness.record(false)).as("third failure in a row").isTrue();
  }

  @Test
  void missingOrZeroThresholdsMeanOneSuccessAndThreeFailures() {
    ProbeLoop loop = loop(probe(0, null), true);

    assertThat(loop.record(false)).isFalse();
    assertThat(loop.record(false)).isFalse();
    assertThat(loop.record(false)).isTrue();
    assertThat(loop.record(true)).as("one success is enough").isTrue();
  }

  @Test
  void stoppedLoopReportsNoFlip() {
    ProbeLoop loop = loop(probe(1, 1), true);

    loop.stop();

    assertThat(loop.record(false)).isFalse();
  }

  /** The check is never run here: results are fed to the loop directly. */
  private static ProbeLoop loop(Probe probe, boolean initiallyHealthy) {
    return new ProbeLoop(probe, null, initiallyHealthy, flipped -> {});
  }

  private static Probe probe(Integer successThreshold, Integer failureThreshold) {
    return new ProbeBuilder()
        .withSuccessThreshold(successThreshold)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
