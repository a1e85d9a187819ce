package dev.baton.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps as the status writes them: RFC 3339, in seconds or in milliseconds. */
public final class Times {

  private Times() {}

  public static String seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static String millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /** Parses a timestamp written by {@link #seconds} or {@link #millis}; null stays null. */
  public static Instant parse(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
