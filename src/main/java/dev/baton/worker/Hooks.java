package dev.baton.worker;

import dev.baton.config.MeetingMdc;
import dev.baton.process.HookCall;
import dev.baton.process.HookResult;
import dev.baton.process.HookSender;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Calls a hosted meeting's due hooks with their idempotency keys, retrying what may succeed later,
 * and records each success in the process so that no worker calls it again.
 */
final class Hooks {

  private static final Logger LOG = Logger.getLogger(Hooks.class);
  private static final int ATTEMPTS = 4;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  private final HookSender sender;
  private final ExecutorService threads;

  Hooks(HookSender sender, ExecutorService threads) {
    this.sender = sender;
    this.threads = threads;
  }

  /** Where a hook that kept failing is reported: the meeting, a reason and a message. */
  interface Failures {
    void report(HostedMeeting meeting, String reason, String message);
  }

  /** Calls the due hooks in the background; {@code acknowledged} runs after each success. */
  void callDue(HostedMeeting meeting, Consumer<HostedMeeting> acknowledged, Failures failures) {
    threads.execute(
        () -> {
          try (var mdc = mdc(meeting)) {
            if (callDueNow(meeting, failures)) {
              acknowledged.accept(meeting);
            }
          }
        });
  }

  /** Calls the due hooks on this thread; true when at least one was acknowledged. */
  boolean callDueNow(HostedMeeting meeting, Failures failures) {
    // One caller at a time per meeting: the start and the end of a short meeting may both find
    // the start hook due, and it must be called once.
    synchronized (meeting.hookLock) {
      return callDueLocked(meeting, failures);
    }
  }

  private boolean callDueLocked(HostedMeeting meeting, Failures failures) {
    boolean any = false;
    for (HookCall call : meeting.process.dueHooks()) {
      if (meeting.stopped()) {
        return any;
      }
      HookResult result = callWithRetries(call);
      if (result.success()) {
        meeting.process.hookCalled(call.hook());
        LOG.infof("called hook %s (key %s)", call.hook().jsonName(), call.idempotencyKey());
        any = true;
      } else {
        // Not acknowledged: the next worker to resume the meeting calls it again, same key.
        LOG.warnf("hook %s failed: %s", call.hook().jsonName(), result.message());
        failures.report(
            meeting,
            "HookFailed",
            result.message() + "; check that " + call.url() + " accepts a POST");
      }
    }
    return any;
  }

  private HookResult callWithRetries(HookCall call) {
    Duration backoff = FIRST_BACKOFF;
    HookResult result = sender.send(call);
    for (int attempt = 1;
        attempt < ATTEMPTS && !result.success() && result.retryable();
        attempt++) {
      sleep(backoff);
      backoff = backoff.multipliedBy(2);
      result = sender.send(call);
    }
    return result;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static MeetingMdc mdc(HostedMeeting meeting) {
    return MeetingMdc.of(meeting.context.namespace(), meeting.context.name(), meeting.epoch);
  }
}
