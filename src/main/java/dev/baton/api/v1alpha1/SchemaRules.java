package dev.baton.api.v1alpha1;

/** CEL fragments shared by the schema annotations, so each rule is spelled once. */
final class SchemaRules {

  /**
   * A Kubernetes-style duration such as 30s, 45m or 1h30m; written without backslashes. Numbers
   * have at most 5 digits so that no string within {@link #DURATION_MAX_LENGTH} overflows CEL's
   * duration(), which would turn the range rule's message into a conversion error.
   */
  static final String IS_DURATION = "self.matches('^([0-9]{1,5}([.][0-9]+)?(ms|s|m|h))+$')";

  /** What the format rule allows, for its message. */
  static final String DURATION_UNITS = " (units h, m, s, ms; at most 5 digits per number)";

  /** Lets a range rule pass a malformed value, which the format rule already reports. */
  static final String NOT_DURATION_OR = "!" + IS_DURATION + " || ";

  /** An absolute http or https URL with a host and no whitespace. */
  static final String IS_HTTP_URL =
      "self.matches('^https?://[^/?#[:space:]]+([/?#][^[:space:]]*)?$')";

  /** The longest duration string accepted; it bounds the cost of the CEL rules. */
  static final int DURATION_MAX_LENGTH = 32;

  /** The longest hook URL accepted. */
  static final int URL_MAX_LENGTH = 2048;

  private SchemaRules() {}
}
