package dev.baton.bench;

import dev.baton.testbed.ControlPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The figures of one run: a table on the console, report.json and one PNG per distribution. */
final class Report {

  private final BenchOptions options;
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final Map<String, Samples> distributions = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Double> loads = new ArrayList<>();
  private final Instant started = Instant.now();
  private final ScheduledExecutorService loadSampler =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "bench-load");
            thread.setDaemon(true);
            return thread;
          });

  Report(BenchOptions options) {
    this.options = options;
    loadSampler.scheduleAtFixedRate(this::sampleLoad, 0, 10, TimeUnit.SECONDS);
  }

  synchronized void put(String key, Object value) {
    figures.put(key, value);
  }

  synchronized void note(String text) {
    notes.add(text);
  }

  /** Keeps a distribution; with a title it is also plotted. */
  synchronized void samples(String key, Samples samples, String title) {
    distributions.put(key, samples);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("n", samples.count());
    summary.put("unit", samples.unit);
    summary.put("min", samples.min());
    summary.put("p50", samples.percentile(50));
    summary.put("p90", samples.percentile(90));
    summary.put("p99", samples.percentile(99));
    summary.put("max", samples.max());
    summary.put("values", samples.sorted());
    figures.put(key, summary);
    if (title != null && samples.count() > 0) {
      try {
        String file = key.replace('.', '-') + ".png";
        CdfPlot.write(
            samples, title, samples.name + " (" + samples.unit + ")", options.out.resolve(file));
        figures.put(key + ".plot", file);
      } catch (IOException e) {
        notes.add("could not draw " + key + ": " + e.getMessage());
      }
    }
  }

  void machine(ControlPlane plane) throws IOException {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpus", Runtime.getRuntime().availableProcessors());
    machine.put("memTotal", Files.readAllLines(Path.of("/proc/meminfo")).get(0));
    machine.put(
        "java",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("controlPlane", plane.binDir().getFileName().toString());
    machine.put("nodeLifecycle", "Kubernetes defaults (no node-monitor flags)");
    put("machine", machine);
    Map<String, Object> sizes = new LinkedHashMap<>();
    sizes.put("workers", options.workers);
    sizes.put("placement", options.placement);
    sizes.put("drainLoad", options.drainLoad);
    sizes.put("crashes", options.crashes);
    sizes.put("perCrash", options.perCrash);
    sizes.put("meetings", options.meetings);
    sizes.put("checkpointInterval", options.checkpointInterval);
    sizes.put("steadySeconds", options.steadyWindow().toSeconds());
    sizes.put("baselinePods", options.baselinePods);
    sizes.put("phases", List.copyOf(options.phases));
    put("options", sizes);
  }

  private void sampleLoad() {
    try {
      String line = Files.readString(Path.of("/proc/loadavg"));
      synchronized (this) {
        loads.add(Double.parseDouble(line.split(" ")[0]));
      }
    } catch (IOException | RuntimeException e) {
      // A missing sample only thins the load figure.
    }
  }

  /** Writes report.json with what is known so far; called after each phase and at the end. */
  synchronized void write() throws IOException {
    Map<String, Object> load = new LinkedHashMap<>();
    load.put("samples", loads.size());
    load.put("min", loads.stream().mapToDouble(d -> d).min().orElse(Double.NaN));
    load.put("mean", Bench.round(loads.stream().mapToDouble(d -> d).average().orElse(Double.NaN)));
    load.put("max", loads.stream().mapToDouble(d -> d).max().orElse(Double.NaN));
    figures.put("loadAverage1m", load);
    figures.put("runSeconds", Duration.between(started, Instant.now()).toSeconds());
    figures.put("notes", notes);
    Bench.json().writeValue(options.out.resolve("report.json").toFile(), figures);
  }

  synchronized void finish() throws IOException {
    loadSampler.shutdownNow();
    write();
  }

  synchronized void printTable() {
    String format = "%-48s %8s %10s %10s %10s%n";
    System.out.printf("%n" + format, "DISTRIBUTION", "N", "P50", "P99", "MAX");
    distributions.forEach(
        (key, samples) ->
            System.out.printf(
                format,
                key + " (" + samples.unit + ")",
                samples.count(),
                fmt(samples.percentile(50)),
                fmt(samples.percentile(99)),
                fmt(samples.max())));
    System.out.printf("%n%-48s %s%n", "FIGURE", "VALUE");
    figures.forEach(
        (key, value) -> {
          if (!distributions.containsKey(key) && !key.endsWith(".plot")) {
            System.out.printf("%-48s %s%n", key, value);
          }
        });
    System.out.println("\nreport: " + options.out.resolve("report.json").toAbsolutePath());
  }

  private static String fmt(double value) {
    return Double.isNaN(value) ? "-" : String.valueOf((long) Math.round(value));
  }
}
