package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image the build makes on request, checked from its configuration: the image itself cannot be
 * built where the tests run, since its base image comes from a registry they do not reach.
 */
class ContainerImageTest {

  private static final Path PROJECT = Path.of(System.getProperty("baton.projectDir", "."));
  private static final List<String> SHELLS = List.of("sh", "bash", "/bin/sh", "/bin/bash", "-c");

  private final Properties config = applicationProperties();

  @Test
  void theJvmIsTheEntrypointInExecFormWithNoShell() {
    List<String> entrypoint = list("quarkus.jib.jvm-entrypoint");

    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).doesNotContainAnyElementsOf(SHELLS);
    assertThat(entrypoint).noneMatch(arg -> arg.contains("$") || arg.contains(" "));
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
        .containsExactly(
            "-jar", config.getProperty("quarkus.jib.working-directory") + "/quarkus-run.jar");
  }

  @Test
  void theImageRunsAsAnUnprivilegedUserAndExposesTheChartsPort() throws Exception {
    String user = config.getProperty("quarkus.jib.user");
    JsonNode values = yaml("helm/baton/values.yaml");

    assertThat(user).matches("[1-9][0-9]*");
    assertThat(list("quarkus.jib.ports"))
        .contains("8080", values.path("worker").path("port").asText());
    assertThat(Files.readString(PROJECT.resolve("helm/baton/templates/operator.yaml")))
        .contains("containerPort: 8080");
  }

  @Test
  void theImageIsTheOneTheChartRunsByDefault() throws Exception {
    JsonNode values = yaml("helm/baton/values.yaml");
    JsonNode chart = yaml("helm/baton/Chart.yaml");

    assertThat(values.path("image").path("tag").asText()).isEmpty();
    assertThat(config.getProperty("quarkus.container-image.image"))
        .isEqualTo(
            values.path("image").path("repository").asText()
                + ":"
                + chart.path("appVersion").asText());
    assertThat(projectVersion()).startsWith(chart.path("appVersion").asText());
  }

  @Test
  void anOrdinaryBuildDoesNotBuildTheImage() throws Exception {
    String pom = Files.readString(PROJECT.resolve("pom.xml"));

    assertThat(config.getProperty("quarkus.container-image.build", "false")).isEqualTo("false");
    assertThat(config.getProperty("quarkus.container-image.push", "false")).isEqualTo("false");
    assertThat(pom).doesNotContain("quarkus.container-image.build>true");
  }

  private List<String> list(String key) {
    String value = config.getProperty(key);
    assertThat(value).as(key).isNotBlank();
    return Arrays.stream(value.split(",")).map(String::strip).toList();
  }

  private static Properties applicationProperties() {
    Properties properties = new Properties();
    try (InputStream in =
        Files.newInputStream(PROJECT.resolve("src/main/resources/application.properties"))) {
      properties.load(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return properties;
  }

  private static JsonNode yaml(String file) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(PROJECT.resolve(file).toFile());
  }

  /** The project's own version: the first version element after its artifactId. */
  private static String projectVersion() throws Exception {
    String pom = Files.readString(PROJECT.resolve("pom.xml"));
    Matcher version =
        Pattern.compile("<artifactId>baton</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(version.find()).as("project version in pom.xml").isTrue();
    return version.group(1);
  }
}
