package dev.baton.testbed;

import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Logging of the JVM that runs the test bed itself. */
final class TestBedLogging {

  /** Where Vert.x reports, at ERROR, a failure on a connection that nobody handles. */
  private static final String CONNECTIONS = "io.vertx.core.net.impl.ConnectionBase";

  // Held here: a logger that nobody references may be collected, and its settings with it.
  private static final Logger CONNECTIONS_LOGGER = Logger.getLogger(CONNECTIONS);

  private TestBedLogging() {}

  /**
   * Drops the connection resets that tests cause on purpose, by cutting a pod off while a client
   * talks through its proxy. Other records of that logger, and of every other, still show.
   */
  static void hideExpectedResets() {
    CONNECTIONS_LOGGER.setFilter(record -> !isReset(record));
  }

  static boolean isReset(LogRecord record) {
    String message = record.getMessage();
    return message != null && message.contains("Connection reset");
  }
}
