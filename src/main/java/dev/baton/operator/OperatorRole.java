package dev.baton.operator;

import dev.baton.config.BatonConfig;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Starts the Meeting controller when this process runs in the operator role. */
@ApplicationScoped
public class OperatorRole {

  private static final Logger LOG = Logger.getLogger(OperatorRole.class);

  @Inject Operator operator;
  @Inject BatonConfig config;
  private volatile boolean started;

  void onStart(@Observes StartupEvent event) {
    if (config.role() != BatonConfig.Role.OPERATOR) {
      return;
    }
    LOG.info("starting in the operator role");
    operator.start();
    started = true;
  }

  boolean started() {
    return started;
  }
}
