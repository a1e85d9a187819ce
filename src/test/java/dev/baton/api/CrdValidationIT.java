package dev.baton.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testbed.Commands.CommandFailedException;
import dev.baton.testbed.TestBed;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API server, given the CRD kept in {@code crds/}, refuses bad Meetings with a message that
 * names the field and takes good ones, as a user applying YAML with kubectl sees it.
 */
@ExtendWith(TestBed.class)
class CrdValidationIT {

  private static final Path PROJECT = Path.of(System.getProperty("baton.projectDir", "."));
  private static final Path CRD = PROJECT.resolve("crds/meetings.baton.dev.yaml");
  private static final Path SAMPLES = PROJECT.resolve("samples");
  private static final Path INVALID_SAMPLE = SAMPLES.resolve("invalid.yaml");
  private static final String QUOTE = "# > ";
  private static final String NAME = "review";

  @TempDir Path dir;

  private TestBed.Cluster cluster;

  @BeforeEach
  void installCrd(TestBed.Cluster cluster) {
    this.cluster = cluster;
    // Server-side apply is idempotent and takes over the CRD if Helm installed it earlier.
    cluster.kubectl(
        "apply",
        "--server-side",
        "--force-conflicts",
        "--field-manager=crd-validation-it",
        "-f",
        CRD.toString());
    cluster.kubectl(
        "wait", "--for=condition=Established", "--timeout=60s", "crd/meetings.baton.dev");
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> cluster.kubectl("get", "meetings", "-n", cluster.namespace()) != null);
  }

  /** One bad edit of a valid spec, the field the refusal must name and what it must say. */
  record Refusal(String what, Consumer<Map<String, Object>> edit, String field, String says) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Refusal> titleAndAgenda() {
    return Stream.of(
        refuse("missing title", s -> s.remove("title"), "spec.title", "Required value"),
        refuse("missing agenda", s -> s.remove("agenda"), "spec.agenda", "Required value"),
        refuse("empty title", s -> s.put("title", ""), "spec.title", "at least 1 chars long"),
        refuse(
            "title of 201 characters",
            s -> s.put("title", "t".repeat(201)),
            "spec.title",
            "may not be more than 200"),
        refuse(
            "agenda without items",
            s -> s.put("agenda", List.of()),
            "spec.agenda",
            "at least 1 items"),
        refuse(
            "agenda of 101 items",
            s -> s.put("agenda", items(101)),
            "spec.agenda",
            "must have at most 100 items"),
        refuse(
            "agenda item of 0 minutes",
            s -> s.put("agenda", List.of(item("Roadmap", 0))),
            "spec.agenda[0].minutes",
            "greater than or equal to 1"),
        refuse(
            "agenda item of 601 minutes",
            s -> s.put("agenda", List.of(item("Intro", 5), item("Roadmap", 601))),
            "spec.agenda[1].minutes",
            "less than or equal to 600"),
        refuse(
            "agenda item with an empty title",
            s -> s.put("agenda", List.of(item("", 5))),
            "spec.agenda[0].title",
            "at least 1 chars long"),
        refuse(
            "agenda item without minutes",
            s -> s.put("agenda", List.of(Map.of("title", "Roadmap"))),
            "spec.agenda[0].minutes",
            "Required value"));
  }

  static Stream<Refusal> keywordsHooksAndSelector() {
    return Stream.of(
        refuse(
            "51 keywords",
            s -> s.put("keywords", IntStream.range(0, 51).mapToObj(i -> "word" + i).toList()),
            "spec.keywords",
            "must have at most 50 items"),
        refuse(
            "empty keyword",
            s -> s.put("keywords", List.of("launch", "")),
            "spec.keywords[1]",
            "at least 1 chars long"),
        refuse(
            "keyword of 65 characters",
            s -> s.put("keywords", List.of("k".repeat(65))),
            "spec.keywords[0]",
            "may not be more than 64"),
        refuse(
            "ftp start hook",
            s -> s.put("hooks", Map.of("onStart", "ftp://x")),
            "spec.hooks.onStart",
            "must be an http:// or https:// URL"),
        refuse(
            "start hook without a host",
            s -> s.put("hooks", Map.of("onStart", "http:///start")),
            "spec.hooks.onStart",
            "must be an http:// or https:// URL with a host"),
        refuse(
            "end hook that is not a URL",
            s -> s.put("hooks", Map.of("onEnd", "not a url")),
            "spec.hooks.onEnd",
            "must be an http:// or https:// URL"),
        refuse(
            "workerSelector of 21 labels",
            s -> s.put("workerSelector", labels(21)),
            "spec.workerSelector",
            "must have at most 20 items"));
  }

  static Stream<Refusal> durations() {
    return Stream.of(
        refuse(
            "maxDuration of 30s",
            s -> s.put("maxDuration", "30s"),
            "spec.maxDuration",
            "between 1m and 24h"),
        refuse(
            "maxDuration of 25h",
            s -> s.put("maxDuration", "25h"),
            "spec.maxDuration",
            "between 1m and 24h"),
        refuse(
            "maxDuration of abc",
            s -> s.put("maxDuration", "abc"),
            "spec.maxDuration",
            "must be a duration such as"),
        refuse(
            "maxDuration with a 10-digit number",
            s -> s.put("maxDuration", "9999999999h"),
            "spec.maxDuration",
            "at most 5 digits per number"),
        refuse(
            "maxDuration of 57 years",
            s -> s.put("maxDuration", "99999h".repeat(5)),
            "spec.maxDuration",
            "between 1m and 24h"),
        refuse(
            "negative maxDuration",
            s -> s.put("maxDuration", "-1h"),
            "spec.maxDuration",
            "must be a duration such as 45m or 1h30m"),
        refuse(
            "checkpoint interval of 0s",
            s -> s.put("checkpoint", Map.of("interval", "0s")),
            "spec.checkpoint.interval",
            "between 1s and 10m"),
        refuse(
            "checkpoint interval of 11m",
            s -> s.put("checkpoint", Map.of("interval", "11m")),
            "spec.checkpoint.interval",
            "between 1s and 10m"),
        refuse(
            "checkpoint interval without a unit",
            s -> s.put("checkpoint", Map.of("interval", "10")),
            "spec.checkpoint.interval",
            "must be a duration such as"),
        refuse(
            "handoff timeout of 500ms",
            s -> s.put("handoff", Map.of("timeout", "500ms")),
            "spec.handoff.timeout",
            "between 1s and 10m"),
        refuse(
            "handoff timeout of 1h",
            s -> s.put("handoff", Map.of("timeout", "1h")),
            "spec.handoff.timeout",
            "between 1s and 10m"),
        refuse(
            "handoff timeout of thirty seconds",
            s -> s.put("handoff", Map.of("timeout", "thirty seconds")),
            "spec.handoff.timeout",
            "must be a duration such as"));
  }

  private static Refusal refuse(
      String what, Consumer<Map<String, Object>> edit, String field, String says) {
    return new Refusal(what, edit, field, says);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"titleAndAgenda", "keywordsHooksAndSelector", "durations"})
  void badManifestIsRefusedNamingTheField(Refusal refusal) throws IOException {
    Map<String, Object> spec = minimalSpec();
    refusal.edit().accept(spec);

    String message = refusedMessage(manifest(spec));

    assertThat(message)
        .as("an error that starts with the field")
        .containsPattern("(is invalid: |\\* )" + Pattern.quote(refusal.field()) + ": ")
        .contains(refusal.says())
        .as("every rule could be evaluated")
        .doesNotContain("evaluating rule");
    assertThat(existing()).as("a refused Meeting is not stored").isEmpty();
  }

  @Test
  void minimalManifestIsAccepted() throws IOException {
    apply(manifest(minimalSpec()));

    assertThat(field("{.spec.title}")).isEqualTo("Design review");
  }

  @Test
  void designExampleIsAccepted() throws IOException {
    apply(
        """
        apiVersion: baton.dev/v1alpha1
        kind: Meeting
        metadata:
          name: weekly-planning
        spec:
          title: Weekly planning
          maxDuration: 1h30m
          agenda:
            - title: Metrics review
              minutes: 15
            - title: Roadmap
              minutes: 45
          keywords: [deadline, blocker, launch]
          hooks:
            onStart: http://hooks.internal.example/meeting-started
            onEnd: http://hooks.internal.example/meeting-ended
          checkpoint:
            interval: 10s
          handoff:
            timeout: 30s
        """);

    assertThat(
            cluster.kubectl(
                "get",
                "meeting",
                "weekly-planning",
                "-n",
                cluster.namespace(),
                "-o",
                "jsonpath={.spec.maxDuration} {.spec.hooks.onEnd}"))
        .isEqualTo("1h30m http://hooks.internal.example/meeting-ended");
  }

  @Test
  void everyLimitIsInclusive() throws IOException {
    Map<String, Object> spec = minimalSpec();
    spec.put("title", "t".repeat(200));
    List<Map<String, Object>> agenda = items(100);
    agenda.set(0, item("i".repeat(200), 600));
    spec.put("agenda", agenda);
    spec.put(
        "keywords",
        IntStream.range(0, 50).mapToObj(i -> "%02d".formatted(i) + "k".repeat(62)).toList());
    spec.put("maxDuration", "24h");
    spec.put("checkpoint", Map.of("interval", "10m"));
    spec.put("handoff", Map.of("timeout", "1s"));
    spec.put("workerSelector", labels(20));
    spec.put(
        "hooks", Map.of("onStart", "https://hooks.example:8443/start?m=1", "onEnd", "http://h"));

    apply(manifest(spec));

    assertThat(field("{.spec.agenda[99].minutes}")).isEqualTo("1");
  }

  @Test
  void smallestDurationsAreAccepted() throws IOException {
    Map<String, Object> spec = minimalSpec();
    spec.put("maxDuration", "1m");
    spec.put("checkpoint", Map.of("interval", "1s"));
    spec.put("handoff", Map.of("timeout", "1.5s"));

    apply(manifest(spec));

    assertThat(field("{.spec.handoff.timeout}")).isEqualTo("1.5s");
  }

  @Test
  void endedCannotBeSetBackToFalse() throws IOException {
    assertEndedStays(spec -> spec.put("ended", false));
  }

  @Test
  void endedCannotBeRemoved() throws IOException {
    assertEndedStays(spec -> spec.remove("ended"));
  }

  @Test
  void endedCanBeSet() throws IOException {
    Map<String, Object> spec = minimalSpec();
    spec.put("ended", false);
    apply(manifest(spec));

    spec.put("ended", true);
    apply(manifest(spec));

    assertThat(field("{.spec.ended}")).isEqualTo("true");
  }

  @Test
  void explainShowsTheAgendaDescription() {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(cluster.kubectl("explain", "meeting.spec.agenda"))
                    .contains("FIELD: agenda")
                    .contains("Agenda items in order, 1 to 100."));
  }

  static Stream<String> validSamples() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") && !name.equals("invalid.yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSamples")
  void sampleIsAccepted(String name) {
    Path sample = SAMPLES.resolve(name);

    cluster.kubectl("apply", "-n", cluster.namespace(), "-f", sample.toString());

    assertThat(
            cluster.kubectl(
                "get", "-n", cluster.namespace(), "-f", sample.toString(), "-o", "name"))
        .startsWith("meeting.baton.dev/");
  }

  @Test
  void invalidSampleIsRefusedAsItsCommentQuotes() throws IOException {
    List<String> quoted =
        Files.readAllLines(INVALID_SAMPLE).stream()
            .takeWhile(line -> line.startsWith("#"))
            .filter(line -> line.startsWith(QUOTE))
            .map(line -> line.substring(QUOTE.length()).strip())
            .toList();
    assertThat(quoted).as("the error quoted at the top of %s", INVALID_SAMPLE).isNotEmpty();

    String message = refusedMessage(Files.readString(INVALID_SAMPLE));

    for (String line : quoted) {
      assertThat(message).contains(line);
    }
    assertThat(existing()).isEmpty();
  }

  private void assertEndedStays(Consumer<Map<String, Object>> undo) throws IOException {
    Map<String, Object> spec = minimalSpec();
    spec.put("ended", true);
    apply(manifest(spec));

    undo.accept(spec);
    String message = refusedMessage(manifest(spec));

    assertThat(message)
        .contains("spec.ended: Forbidden")
        .contains("cannot be set back to false or removed");
    assertThat(field("{.spec.ended}")).isEqualTo("true");
  }

  private String refusedMessage(String yaml) throws IOException {
    Path file = write(yaml);
    try {
      cluster.kubectl("apply", "-n", cluster.namespace(), "-f", file.toString());
    } catch (CommandFailedException e) {
      assertThat(e.getMessage()).as("refused by the schema").contains("is invalid");
      return e.getMessage();
    }
    throw new AssertionError("the API server accepted:\n" + yaml);
  }

  private void apply(String yaml) throws IOException {
    cluster.kubectl("apply", "-n", cluster.namespace(), "-f", write(yaml).toString());
  }

  private String existing() {
    return cluster
        .kubectl("get", "meetings", "-n", cluster.namespace(), "--ignore-not-found", "-o", "name")
        .strip();
  }

  private String field(String jsonPath) {
    return cluster.kubectl(
        "get", "meeting", NAME, "-n", cluster.namespace(), "-o", "jsonpath=" + jsonPath);
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "meeting-", ".yaml"), yaml);
  }

  private static String manifest(Map<String, Object> spec) {
    Map<String, Object> meeting = new LinkedHashMap<>();
    meeting.put("apiVersion", "baton.dev/v1alpha1");
    meeting.put("kind", "Meeting");
    meeting.put("metadata", Map.of("name", NAME));
    meeting.put("spec", spec);
    return Serialization.asYaml(meeting);
  }

  private static Map<String, Object> minimalSpec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("title", "Design review");
    spec.put("agenda", List.of(item("Open questions", 20)));
    return spec;
  }

  private static Map<String, Object> item(String title, int minutes) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("title", title);
    item.put("minutes", minutes);
    return item;
  }

  private static List<Map<String, Object>> items(int count) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(item("Topic " + i, 1));
    }
    return items;
  }

  private static Map<String, String> labels(int count) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      labels.put("example.com/label-" + i, "yes");
    }
    return labels;
  }
}
