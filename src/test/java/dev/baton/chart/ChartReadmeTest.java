package dev.baton.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every value of the chart has a row in the chart README's values table. */
class ChartReadmeTest {

  private static final Path CHART =
      Path.of(System.getProperty("baton.projectDir", ".")).resolve("helm/baton");

  @Test
  void everyValueIsInTheValuesTable() throws Exception {
    JsonNode values = Serialization.yamlMapper().readTree(CHART.resolve("values.yaml").toFile());
    List<String> keys = new ArrayList<>();
    collectLeaves(values, "", keys);
    String readme = Files.readString(CHART.resolve("README.md"));

    assertThat(keys).contains("worker.terminationGracePeriodSeconds", "admissionPolicies.enabled");
    assertThat(keys).allSatisfy(key -> assertThat(readme).as(key).contains("| `" + key + "` |"));
  }

  /** Dotted paths of the values a user sets: scalars, and maps or lists given whole. */
  private static void collectLeaves(JsonNode node, String path, List<String> keys) {
    if (!node.isObject() || node.isEmpty()) {
      keys.add(path);
      return;
    }
    node.fields()
        .forEachRemaining(
            field ->
                collectLeaves(
                    field.getValue(),
                    path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                    keys));
  }
}
