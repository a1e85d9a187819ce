package dev.baton.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A named list of measured values (milliseconds, bytes, ...) with its percentiles. */
final class Samples {

  final String name;
  final String unit;
  private final List<Double> values = Collections.synchronizedList(new ArrayList<>());

  Samples(String name, String unit) {
    this.name = name;
    this.unit = unit;
  }

  void add(double value) {
    values.add(value);
  }

  int count() {
    return values.size();
  }

  List<Double> sorted() {
    synchronized (values) {
      List<Double> copy = new ArrayList<>(values);
      Collections.sort(copy);
      return copy;
    }
  }

  /** The nearest-rank percentile, {@code p} in 0..100; NaN when there are no values. */
  double percentile(double p) {
    List<Double> sorted = sorted();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  double max() {
    return percentile(100);
  }

  double min() {
    List<Double> sorted = sorted();
    return sorted.isEmpty() ? Double.NaN : sorted.get(0);
  }
}
