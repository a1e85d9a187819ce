package dev.baton.process;

/**
 * How a hook call went. {@code status} is the HTTP status, or 0 when no answer came; {@code
 * retryable} says whether calling again (with the same key) may succeed.
 */
public record HookResult(boolean success, boolean retryable, int status, String message) {

  static HookResult answered(Hook hook, int status) {
    String message = "hook " + hook.jsonName() + " answered HTTP " + status;
    if (status >= 200 && status < 300) {
      return new HookResult(true, false, status, message);
    }
    boolean retryable = status >= 500 || status == 408 || status == 429;
    return new HookResult(false, retryable, status, message);
  }

  static HookResult unreachable(Hook hook, String reason) {
    return new HookResult(false, true, 0, "hook " + hook.jsonName() + " failed: " + reason);
  }

  static HookResult invalid(Hook hook, String reason) {
    return new HookResult(false, false, 0, "hook " + hook.jsonName() + " is invalid: " + reason);
  }
}
