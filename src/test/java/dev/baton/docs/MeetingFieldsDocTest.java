package dev.baton.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.api.Durations;
import dev.baton.api.SpecDefaults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's "Meeting fields" tables against the CRD that the API server enforces. */
class MeetingFieldsDocTest {

  private static final Path CRD = Path.of("crds/meetings.baton.dev.yaml");
  private static final Pattern CEL_DURATION = Pattern.compile("duration\\('([^']+)'\\)");
  private static final List<String> NUMERIC_LIMITS =
      List.of(
          "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "maxProperties");

  private static final Map<String, JsonNode> crdFields = new LinkedHashMap<>();
  private static final Map<String, Boolean> required = new LinkedHashMap<>();
  private static Map<String, List<String>> table;

  @BeforeAll
  static void read() throws IOException {
    JsonNode schema =
        new YAMLMapper()
            .readTree(CRD.toFile())
            .at("/spec/versions/0/schema/openAPIV3Schema/properties");
    walk("spec", schema.get("spec"), true);
    walk("status", schema.get("status"), false);
    table = ReadmeTables.rows("Meeting fields");
  }

  @Test
  void everySpecFieldOfTheCrdIsInTheTable() {
    List<String> leaves =
        crdFields.entrySet().stream()
            .filter(e -> e.getKey().startsWith("spec."))
            .filter(e -> !isContainer(e.getValue()))
            .map(Map.Entry::getKey)
            .toList();

    assertThat(leaves).isNotEmpty();
    assertThat(table.keySet()).containsAll(leaves);
  }

  @Test
  void theTableNamesOnlyFieldsTheCrdHas() {
    assertThat(crdFields.keySet()).containsAll(table.keySet());
  }

  @Test
  void typesMatchTheCrd() {
    SoftAssertions softly = new SoftAssertions();
    known(table)
        .forEach(
            (field, cells) ->
                softly
                    .assertThat(cells.get(1))
                    .as("type of %s", field)
                    .isEqualTo(typeName(crdFields.get(field))));
    softly.assertAll();
  }

  @Test
  void limitsMatchTheCrd() {
    SoftAssertions softly = new SoftAssertions();
    specRows()
        .forEach(
            (field, cells) -> {
              String limits = cells.get(3);
              for (String limit : limits(crdFields.get(field))) {
                softly
                    .assertThat(mentions(limits, limit))
                    .as("limits of %s (\"%s\") mention %s", field, limits, limit)
                    .isTrue();
              }
            });
    softly.assertAll();
  }

  @Test
  void requiredFieldsAndDefaultsMatch() {
    SoftAssertions softly = new SoftAssertions();
    specRows()
        .forEach(
            (field, cells) ->
                softly
                    .assertThat(cells.get(2).equals("required"))
                    .as("%s is required in the CRD: %s", field, required.get(field))
                    .isEqualTo(required.get(field)));
    softly
        .assertThat(table.get("spec.checkpoint.interval"))
        .element(2)
        .isEqualTo(Durations.format(SpecDefaults.CHECKPOINT_INTERVAL));
    softly
        .assertThat(table.get("spec.handoff.timeout"))
        .element(2)
        .isEqualTo(Durations.format(SpecDefaults.HANDOFF_TIMEOUT));
    softly.assertAll();
  }

  @Test
  void theLimitCheckNoticesAWrongNumber() {
    assertThat(mentions("1 to 200 characters", "200")).isTrue();
    assertThat(mentions("1 to 2000 characters", "200")).isFalse();
    assertThat(mentions("1s to 10m", "1s")).isTrue();
    assertThat(mentions("1s to 10m", "1m")).isFalse();
  }

  /** The spec rows of the table that name a field of the CRD; the others fail elsewhere. */
  private static Map<String, List<String>> specRows() {
    Map<String, List<String>> rows = known(table);
    rows.keySet().removeIf(k -> !k.startsWith("spec."));
    return rows;
  }

  private static Map<String, List<String>> known(Map<String, List<String>> rows) {
    Map<String, List<String>> known = new LinkedHashMap<>(rows);
    known.keySet().retainAll(crdFields.keySet());
    return known;
  }

  /** Records every property under {@code path}, with items of an array as {@code path[]}. */
  private static void walk(String path, JsonNode schema, boolean parentRequired) {
    List<String> requiredHere = new ArrayList<>();
    schema.path("required").forEach(r -> requiredHere.add(r.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      String child = path + "." + property.getKey();
      JsonNode value = property.getValue();
      crdFields.put(child, value);
      required.put(child, parentRequired && requiredHere.contains(property.getKey()));
      if (value.has("properties")) {
        walk(child, value, required.get(child));
      }
      if (value.path("items").has("properties")) {
        walk(child + "[]", value.get("items"), required.get(child));
      }
    }
  }

  private static boolean isContainer(JsonNode schema) {
    return "object".equals(schema.path("type").asText()) && schema.has("properties");
  }

  /** The README's word for a schema's type. */
  private static String typeName(JsonNode schema) {
    String type = schema.path("type").asText();
    return switch (type) {
      case "string" ->
          rules(schema).contains("duration(")
              ? "duration"
              : rules(schema).contains("https?://") ? "URL" : "string";
      case "array" -> "list of " + typeName(schema.get("items")) + "s";
      case "object" ->
          schema.has("additionalProperties")
              ? "map of " + typeName(schema.get("additionalProperties")) + "s"
              : "object";
      default -> type;
    };
  }

  /** Every bound the schema puts on a field, as the README must write it. */
  private static List<String> limits(JsonNode schema) {
    List<String> limits = new ArrayList<>();
    boolean duration = typeName(schema).equals("duration");
    for (String key : NUMERIC_LIMITS) {
      // A duration's length bound only keeps its rules cheap; its range is what users need.
      if (schema.has(key) && !(duration && key.equals("maxLength"))) {
        limits.add(String.valueOf(schema.get(key).asLong()));
      }
    }
    if ("array".equals(schema.path("type").asText()) && !isContainer(schema.get("items"))) {
      limits.addAll(limits(schema.get("items")));
    }
    Matcher matcher = CEL_DURATION.matcher(rules(schema));
    while (matcher.find()) {
      limits.add(matcher.group(1));
    }
    return limits;
  }

  private static String rules(JsonNode schema) {
    StringBuilder rules = new StringBuilder();
    schema.path("x-kubernetes-validations").forEach(r -> rules.append(r.path("rule").asText()));
    return rules.toString();
  }

  private static boolean mentions(String text, String token) {
    return Pattern.compile("(?<![\\w.])" + Pattern.quote(token) + "(?![\\w.])")
        .matcher(text)
        .find();
  }
}
