package dev.baton.process;

import dev.baton.api.v1alpha1.HooksSpec;

/** The two moments at which a meeting calls a user's URL. */
public enum Hook {
  ON_START("onStart"),
  ON_END("onEnd");

  private final String jsonName;

  Hook(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name used in the spec, in snapshots and in idempotency keys. */
  public String jsonName() {
    return jsonName;
  }

  /** The URL configured for this hook, or null. */
  String url(HooksSpec hooks) {
    if (hooks == null) {
      return null;
    }
    return this == ON_START ? hooks.getOnStart() : hooks.getOnEnd();
  }
}
