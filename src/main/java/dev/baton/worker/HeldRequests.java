package dev.baton.worker;

import dev.baton.config.BatonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** Bounds how many requests wait for one meeting while it moves, so one meeting cannot take all. */
@ApplicationScoped
public class HeldRequests {

  @Inject BatonConfig config;
  private final Map<String, Semaphore> perMeeting = new ConcurrentHashMap<>();

  boolean tryAcquire(String meeting) {
    return perMeeting
        .computeIfAbsent(meeting, m -> new Semaphore(config.worker().maxHeldRequests()))
        .tryAcquire();
  }

  void release(String meeting) {
    Semaphore held = perMeeting.get(meeting);
    if (held != null) {
      held.release();
    }
  }
}
