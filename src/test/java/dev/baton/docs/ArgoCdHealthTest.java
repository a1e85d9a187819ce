package dev.baton.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart's Argo CD health check, run on the sample Meetings in src/test/resources. */
class ArgoCdHealthTest {

  private static final Path SCRIPT = Path.of("helm/baton/docs/argocd-health.lua");
  private static final Path SAMPLES = Path.of("src/test/resources/argocd-health");
  private static final ObjectMapper YAML = new YAMLMapper();

  /** One line of cases.yaml: a sample Meeting and what Argo CD must show for it. */
  record Case(String input, String status, String message) {
    @Override
    public String toString() {
      return input;
    }
  }

  static Stream<Case> cases() throws IOException {
    JsonNode list = YAML.readTree(SAMPLES.resolve("cases.yaml").toFile());
    return Stream.iterate(0, i -> i < list.size(), i -> i + 1)
        .map(list::get)
        .map(c -> new Case(text(c, "input"), text(c, "status"), text(c, "message")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachSampleShowsItsHealth(Case c) throws IOException {
    ArgoCdLua.Health health = ArgoCdLua.load(SCRIPT).health(sample(c.input()));

    assertThat(health).isEqualTo(new ArgoCdLua.Health(c.status(), c.message()));
  }

  @Test
  void everySampleHasACase() throws IOException {
    List<String> covered = cases().map(Case::input).toList();
    try (Stream<Path> files = Files.list(SAMPLES)) {
      List<String> samples =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.equals("cases.yaml"))
              .toList();
      assertThat(covered).containsExactlyInAnyOrderElementsOf(samples);
    }
  }

  @Test
  void everyPhaseOfTheApiIsCovered() throws IOException {
    List<String> phases =
        Stream.of(dev.baton.api.v1alpha1.MeetingPhase.values())
            .map(ArgoCdHealthTest::jsonName)
            .toList();
    List<String> sampled =
        cases().map(c -> sample(c.input()).path("status").path("phase").asText()).toList();

    assertThat(sampled).containsAll(phases);
  }

  @Test
  void aPhaseFromANewerBatonIsUnknownRatherThanHealthy() throws IOException {
    ObjectNode meeting = (ObjectNode) sample("running.yaml");
    ((ObjectNode) meeting.get("status")).put("phase", "Paused");

    ArgoCdLua.Health health = ArgoCdLua.load(SCRIPT).health(meeting);

    assertThat(health.status()).isEqualTo("Unknown");
    assertThat(health.message()).contains("Paused");
  }

  @Test
  void generationsAsStringsStillCompareAsNumbers() throws IOException {
    ObjectNode meeting = (ObjectNode) sample("stale-generation.yaml");
    ((ObjectNode) meeting.get("metadata")).put("generation", "10");
    ((ObjectNode) meeting.get("status")).put("observedGeneration", "9");

    ArgoCdLua.Health health = ArgoCdLua.load(SCRIPT).health(meeting);

    assertThat(health.message()).isEqualTo("Waiting for the operator to observe generation 10");
  }

  @Test
  void theScriptKeepsToWhatArgoCdOffersWithoutOpenLibs() throws IOException {
    String script = Files.readString(SCRIPT);

    // Lua 5.2+ syntax that gopher-lua (5.1) refuses, and libraries Argo CD does not open.
    assertThat(script)
        .doesNotContain("goto ")
        .doesNotContain("::")
        .doesNotContain("//")
        .doesNotContain("_ENV")
        .doesNotContain("string.")
        .doesNotContain("math.")
        .doesNotContain("os.")
        .doesNotContain("table.unpack");
  }

  private static JsonNode sample(String name) {
    try {
      return YAML.readTree(SAMPLES.resolve(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static String jsonName(Enum<?> value) {
    try {
      return value
          .getDeclaringClass()
          .getField(value.name())
          .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class)
          .value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}
