package dev.baton.worker;

/** The API server refused a write because the meeting's epoch moved on: stop at once. */
final class Fenced extends Exception {

  Fenced(String message, Throwable cause) {
    super(message, cause);
  }
}
