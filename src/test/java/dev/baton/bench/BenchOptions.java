package dev.baton.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The sizes of one benchmark run, from {@code hack/bench.sh}'s options. */
final class BenchOptions {

  static final List<String> ALL_PHASES =
      List.of("baseline", "crash", "placement", "drain", "scale");

  int workers = 5;
  int placement = 500;
  int drainLoad = 200;
  int crashes = 20;
  int perCrash = 5;
  int meetings = 5000;
  String checkpointInterval = "60s";
  Duration steady = null;
  int baselinePods = 6;
  boolean baselineCrash = true;
  int createThreads = 4;
  Set<String> phases = new LinkedHashSet<>(ALL_PHASES);
  Path out =
      Path.of(
          "target",
          "bench",
          LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

  static final String USAGE =
      """
      hack/bench.sh [options]
        --quick                  a small smoke run (50 placed, 20 per drained worker, 3 crashes,
                                 300 meetings at scale, 10s checkpoints, no baseline node crash)
        --workers N              worker pods (default 5)
        --placement N            meetings timed from apply to Running (default 500)
        --drain-load N           meetings on the drained worker (default 200)
        --crashes N              worker crashes in sequence (default 20)
        --per-crash N            meetings created before each crash (default 5)
        --meetings N             meetings at scale (default 5000)
        --checkpoint-interval D  spec.checkpoint.interval of every meeting (default 60s)
        --steady D               steady window at scale (default twice the checkpoint interval)
        --baseline-pods N        pods of the one-pod-per-meeting baseline (default 6)
        --no-baseline-crash      skip the baseline's node crash (about six minutes of waiting)
        --phases a,b             some of baseline,crash,placement,drain,scale (default all)
        --out DIR                where the report goes (default target/bench/<timestamp>)
      """;

  static BenchOptions parse(String[] args) {
    BenchOptions options = new BenchOptions();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.isBlank()) {
        continue;
      }
      if (arg.equals("--quick")) {
        options.quick();
        continue;
      }
      if (arg.equals("--no-baseline-crash")) {
        options.baselineCrash = false;
        continue;
      }
      if (arg.equals("--help") || i + 1 >= args.length) {
        throw new IllegalArgumentException(USAGE);
      }
      options.set(arg, args[++i]);
    }
    return options;
  }

  private void quick() {
    placement = 50;
    drainLoad = 20;
    crashes = 3;
    perCrash = 3;
    meetings = 300;
    checkpointInterval = "10s";
    baselinePods = 4;
    baselineCrash = false;
  }

  private void set(String name, String value) {
    switch (name) {
      case "--workers" -> workers = Integer.parseInt(value);
      case "--placement" -> placement = Integer.parseInt(value);
      case "--drain-load" -> drainLoad = Integer.parseInt(value);
      case "--crashes" -> crashes = Integer.parseInt(value);
      case "--per-crash" -> perCrash = Integer.parseInt(value);
      case "--meetings" -> meetings = Integer.parseInt(value);
      case "--checkpoint-interval" -> checkpointInterval = value;
      case "--steady" -> steady = dev.baton.api.Durations.parse(value);
      case "--baseline-pods" -> baselinePods = Integer.parseInt(value);
      case "--phases" -> phases = new LinkedHashSet<>(List.of(value.split(",")));
      case "--out" -> out = Path.of(value);
      default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
    }
  }

  Duration checkpoint() {
    return dev.baton.api.Durations.parse(checkpointInterval);
  }

  Duration steadyWindow() {
    return steady != null ? steady : checkpoint().multipliedBy(2);
  }

  boolean runs(String phase) {
    return phases.contains(phase);
  }
}
