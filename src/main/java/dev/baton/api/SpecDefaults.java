package dev.baton.api;

import dev.baton.api.v1alpha1.CheckpointSpec;
import dev.baton.api.v1alpha1.HandoffSpec;
import dev.baton.api.v1alpha1.MeetingSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The effective settings of a Meeting: the spec's values, or Baton's defaults where the spec leaves
 * a field out. Defaults live here rather than in the CRD so that GitOps tools see no diff.
 */
public final class SpecDefaults {

  /** Checkpoint interval when {@code spec.checkpoint.interval} is absent. */
  public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  /** Handoff timeout when {@code spec.handoff.timeout} is absent. */
  public static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(30);

  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  static final Duration MAX_INTERVAL = Duration.ofMinutes(10);
  static final Duration MIN_MAX_DURATION = Duration.ofMinutes(1);
  static final Duration MAX_MAX_DURATION = Duration.ofHours(24);

  private SpecDefaults() {}

  /** Time between two checkpoints: the spec's value kept within 1s..10m, else 10s. */
  public static Duration checkpointInterval(MeetingSpec spec) {
    String text = nested(spec, MeetingSpec::getCheckpoint, CheckpointSpec::getInterval);
    return parse(text).map(d -> clamp(d, MIN_INTERVAL, MAX_INTERVAL)).orElse(CHECKPOINT_INTERVAL);
  }

  /** How long a request is held during a move: the spec's value kept within 1s..10m, else 30s. */
  public static Duration handoffTimeout(MeetingSpec spec) {
    String text = nested(spec, MeetingSpec::getHandoff, HandoffSpec::getTimeout);
    return parse(text).map(d -> clamp(d, MIN_INTERVAL, MAX_INTERVAL)).orElse(HANDOFF_TIMEOUT);
  }

  /** The meeting's length limit kept within 1m..24h, or empty when it has none. */
  public static Optional<Duration> maxDuration(MeetingSpec spec) {
    return parse(spec == null ? null : spec.getMaxDuration())
        .map(d -> clamp(d, MIN_MAX_DURATION, MAX_MAX_DURATION));
  }

  /** Whether the user asked the meeting to end. */
  public static boolean ended(MeetingSpec spec) {
    return spec != null && Boolean.TRUE.equals(spec.getEnded());
  }

  private static <T> String nested(
      MeetingSpec spec, Function<MeetingSpec, T> section, Function<T, String> field) {
    T value = spec == null ? null : section.apply(spec);
    return value == null ? null : field.apply(value);
  }

  // The schema refuses malformed durations; one that slips past (an old CRD) reads as absent.
  private static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Durations.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }
}
