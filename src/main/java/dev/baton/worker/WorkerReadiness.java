package dev.baton.worker;

import dev.baton.config.BatonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the worker sees its Meetings, and unready from the moment it starts a handoff. */
@Readiness
@ApplicationScoped
public class WorkerReadiness implements HealthCheck {

  @Inject BatonConfig config;
  @Inject WorkerRole role;

  @Override
  public HealthCheckResponse call() {
    if (config.role() != BatonConfig.Role.WORKER) {
      return HealthCheckResponse.up("worker");
    }
    var host = role.host();
    boolean ready = host.map(h -> h.synced() && !h.draining() && !h.fenced()).orElse(false);
    return HealthCheckResponse.named("worker")
        .status(ready)
        .withData("meetings", host.map(MeetingHost::count).orElse(0))
        .withData("draining", host.map(MeetingHost::draining).orElse(false))
        .withData("fenced", host.map(MeetingHost::fenced).orElse(true))
        .build();
  }
}
