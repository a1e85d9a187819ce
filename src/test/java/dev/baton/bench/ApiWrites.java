package dev.baton.bench;

import dev.baton.testbed.ControlPlane;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the API server's write requests from its own {@code apiserver_request_total}, by resource
 * and subresource; two readings give the writes of the time between them.
 */
final class ApiWrites {

  private static final Set<String> WRITE_VERBS =
      Set.of("POST", "PUT", "PATCH", "DELETE", "DELETECOLLECTION", "APPLY");
  private static final Pattern LINE =
      Pattern.compile("^apiserver_request_total\\{(.*)\\} ([0-9.e+]+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ApiWrites() {}

  /** Write requests so far, keyed by {@code resource} or {@code resource/subresource}. */
  static Map<String, Double> read(ControlPlane plane) {
    Map<String, Double> counts = new HashMap<>();
    for (String line : plane.kubectl("get", "--raw", "/metrics").split("\n")) {
      Matcher matcher = LINE.matcher(line);
      if (!matcher.matches()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher label = LABEL.matcher(matcher.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      if (!WRITE_VERBS.contains(labels.get("verb"))) {
        continue;
      }
      String subresource = labels.getOrDefault("subresource", "");
      String key = labels.get("resource") + (subresource.isEmpty() ? "" : "/" + subresource);
      counts.merge(key, Double.parseDouble(matcher.group(2)), Double::sum);
    }
    return counts;
  }

  /** Writes per second between two readings, by resource, largest first; "total" included. */
  static Map<String, Double> ratePerSecond(
      Map<String, Double> before, Map<String, Double> after, double seconds) {
    Map<String, Double> rates = new TreeMap<>();
    double total = 0;
    for (Map.Entry<String, Double> entry : after.entrySet()) {
      double delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0.0);
      if (delta > 0) {
        rates.put(entry.getKey(), delta / seconds);
        total += delta;
      }
    }
    rates.put("total", total / seconds);
    return rates;
  }
}
