package dev.baton.testbed;

/** A pod cannot start yet because something its containers need is missing or unreadable. */
final class PodConfigException extends Exception {

  PodConfigException(String message) {
    super(message);
  }

  PodConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
