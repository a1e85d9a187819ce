package dev.baton.operator;

import dev.baton.config.BatonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the operator's controller has started and synced its caches. */
@Readiness
@ApplicationScoped
public class OperatorReadiness implements HealthCheck {

  @Inject BatonConfig config;
  @Inject OperatorRole role;

  @Override
  public HealthCheckResponse call() {
    boolean ready = config.role() != BatonConfig.Role.OPERATOR || role.started();
    return HealthCheckResponse.named("operator").status(ready).build();
  }
}
