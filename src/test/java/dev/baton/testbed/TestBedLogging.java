package dev.baton.testbed;

import io.quarkus.bootstrap.logging.InitialConfigurator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/** Logging of the JVM that runs the test bed itself, the tests' or the demo's. */
public final class TestBedLogging {

  /** Where Vert.x reports, at ERROR, a failure on a connection that nobody handles. */
  private static final String CONNECTIONS = "io.vertx.core.net.impl.ConnectionBase";

  private static final String FALLBACK_FORMAT = "%d{HH:mm:ss.SSS} %-5p [%c{1.}] %s%e%n";

  // Held here: a logger that nobody references may be collected, and its settings with it.
  private static final Logger CONNECTIONS_LOGGER = Logger.getLogger(CONNECTIONS);
  private static final Logger ROOT = Logger.getLogger("");

  private TestBedLogging() {}

  /**
   * Sends records to the console in the project's format. The tests get this from Quarkus's test
   * launcher; a plain JVM such as the demo's would otherwise hold every record back forever.
   */
  public static void toConsole() {
    ConsoleHandler console = new ConsoleHandler(new PatternFormatter(consoleFormat()));
    console.setLevel(Level.INFO);
    // Until configured, every logger is at ALL, and the JDK's HTTP client then logs each byte.
    ROOT.setLevel(Level.INFO);
    InitialConfigurator.DELAYED_HANDLER.setHandlers(new Handler[] {console});
  }

  /**
   * Drops the connection resets that tests cause on purpose, by cutting a pod off while a client
   * talks through its proxy. Other records of that logger, and of every other, still show.
   */
  public static void hideExpectedResets() {
    CONNECTIONS_LOGGER.setFilter(record -> !isReset(record));
  }

  static boolean isReset(LogRecord record) {
    String message = record.getMessage();
    return message != null && message.contains("Connection reset");
  }

  private static String consoleFormat() {
    Properties properties = new Properties();
    try (InputStream in =
        TestBedLogging.class.getClassLoader().getResourceAsStream("application.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("quarkus.log.console.format", FALLBACK_FORMAT);
  }
}
