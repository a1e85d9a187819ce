package dev.baton.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes Kubernetes-style duration strings such as {@code 30s} or {@code 1h30m}. */
public final class Durations {

  private static final String PART_REGEX = "([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)";
  private static final Pattern PART = Pattern.compile(PART_REGEX);
  private static final Pattern WHOLE = Pattern.compile("(?:" + PART_REGEX + ")+");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private Durations() {}

  /**
   * Parses a non-negative duration in the form Go's {@code time.ParseDuration} and CEL's {@code
   * duration()} read, such as {@code 1h30m} or {@code 1.5s}; {@code 0} is also accepted.
   *
   * @throws IllegalArgumentException if {@code text} is not such a duration
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("not a duration: empty");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (!WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      BigDecimal amount = new BigDecimal(part.group(1));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
    }
    try {
      return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration too long: " + text, e);
    }
  }

  /**
   * Writes {@code duration} with hours, minutes, seconds and milliseconds, leaving out zero parts,
   * such as {@code 1h30m} or {@code 2m5s250ms}; anything below a millisecond is dropped.
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + duration);
    }
    StringBuilder text = new StringBuilder();
    append(text, duration.toHours(), "h");
    append(text, duration.toMinutesPart(), "m");
    append(text, duration.toSecondsPart(), "s");
    append(text, duration.toMillisPart(), "ms");
    return text.length() == 0 ? "0s" : text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }
}
