package dev.baton.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingCondition;
import dev.baton.api.v1alpha1.MeetingPhase;
import dev.baton.testbed.BatonRelease;
import dev.baton.testbed.MeetingSteps;
import dev.baton.testbed.TestBed;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user and a GitOps tool see of a Meeting through kubectl: the printer columns, the
 * conditions and Events in {@code describe}, and no drift of spec after Baton ran and moved it.
 */
@ExtendWith(TestBed.class)
class KubectlViewsIT {

  private static final String GITOPS = "gitops-sync";
  private static final String MANIFEST =
      """
      apiVersion: baton.dev/v1alpha1
      kind: Meeting
      metadata:
        name: retro
      spec:
        title: Sprint retro
        agenda:
          - title: What went well
            minutes: 10
          - title: What to change
            minutes: 20
      """;

  @TempDir Path dir;

  @Test
  void kubectlShowsTheMeetingAndGitOpsSeesNoDrift(TestBed.Cluster cluster) throws Exception {
    BatonRelease baton = BatonRelease.install(cluster, "worker.replicas=2");
    try {
      Path manifest = dir.resolve("retro.yaml");
      Files.writeString(manifest, MANIFEST);
      apply(cluster, manifest);
      Meeting running = baton.awaitPhase("retro", MeetingPhase.RUNNING);
      String first = running.getStatus().getAssignment().getWorker();
      assertThat(columns(cluster)).startsWith("retro", "Running", first, "1");

      MeetingSteps steps = new MeetingSteps(cluster, baton);
      steps.feed("retro", 1, 5);
      baton.await(
          "retro",
          Duration.ofSeconds(60),
          m ->
              m.getStatus().getSnapshot() != null
                  && m.getStatus().getSnapshot().getAppliedSeq() == 5);
      steps.deletePod(first);
      Meeting moved = steps.awaitMoved("retro", 2);
      String second = moved.getStatus().getAssignment().getWorker();

      List<String> row = columns(cluster);
      System.out.println("[views] kubectl get mtg: " + String.join(" ", row));
      assertThat(row).hasSize(6);
      assertThat(row.subList(0, 5)).containsExactly("retro", "Running", second, "2", "1");
      assertThat(row.get(5)).matches("\\d+[smh].*");

      assertDescribed(cluster, baton.get("retro"));
      assertNoDrift(cluster, manifest, baton.get("retro"));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + baton.diagnostics(), e);
    }
  }

  /** Server-side apply as a GitOps tool does it: its own field manager, only what it declares. */
  private static void apply(TestBed.Cluster cluster, Path manifest) {
    cluster.kubectl(
        "apply",
        "--server-side",
        "--field-manager=" + GITOPS,
        "-n",
        cluster.namespace(),
        "-f",
        manifest.toString());
  }

  /** The header must be the five printer columns; returns the meeting's row, split on blanks. */
  private static List<String> columns(TestBed.Cluster cluster) {
    List<String> lines =
        cluster
            .kubectl("get", "mtg", "retro", "-n", cluster.namespace())
            .lines()
            .filter(l -> !l.isBlank())
            .toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly("NAME", "PHASE", "WORKER", "EPOCH", "HANDOFFS", "AGE");
    return List.of(lines.get(1).split("\\s+"));
  }

  /** Every condition with its message, and the handoff told as Events. */
  private static void assertDescribed(TestBed.Cluster cluster, Meeting meeting) {
    String described = cluster.kubectl("describe", "meeting", "retro", "-n", cluster.namespace());
    assertThat(described).contains("Conditions:");
    assertThat(meeting.getStatus().getConditions()).isNotEmpty();
    for (MeetingCondition condition : meeting.getStatus().getConditions()) {
      assertThat(described).contains(condition.getType()).contains(condition.getMessage());
    }
    String events = described.substring(described.lastIndexOf("Events:"));
    assertThat(events).contains("Placed", "HandoffStarted", "HandoffCompleted");
  }

  /**
   * Spec is exactly what was applied (the CRD declares no defaults), {@code kubectl diff} sees
   * nothing to change, and only the GitOps field manager owns any field of spec.
   */
  private static void assertNoDrift(TestBed.Cluster cluster, Path manifest, Meeting live)
      throws Exception {
    JsonNode applied = Serialization.yamlMapper().readTree(MANIFEST).get("spec");
    JsonNode stored =
        Serialization.jsonMapper()
            .readTree(
                cluster.kubectl("get", "meeting", "retro", "-n", cluster.namespace(), "-o", "json"))
            .get("spec");
    assertThat(stored).isEqualTo(applied);
    assertThat(live.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(crdSpecDefaults()).as("defaults in the CRD's spec schema").isEmpty();

    // Exit code 0 means no difference; Commands.run fails on 1 (differences) with the diff.
    cluster.kubectl(
        "diff",
        "--server-side",
        "--field-manager=" + GITOPS,
        "-n",
        cluster.namespace(),
        "-f",
        manifest.toString());

    List<ManagedFieldsEntry> managed = live.getMetadata().getManagedFields();
    System.out.println("[views] field managers: " + describe(managed));
    Set<String> specOwners =
        managed.stream()
            .filter(m -> m.getFieldsV1() != null)
            .filter(m -> m.getFieldsV1().getAdditionalProperties().containsKey("f:spec"))
            .map(ManagedFieldsEntry::getManager)
            .collect(Collectors.toSet());
    assertThat(specOwners).containsExactly(GITOPS);
    assertThat(managed.stream().map(ManagedFieldsEntry::getManager).distinct().count())
        .as("Baton's own field managers are there too: %s", describe(managed))
        .isGreaterThan(1);
  }

  private static String describe(List<ManagedFieldsEntry> managed) {
    return managed.stream()
        .map(m -> m.getManager() + "/" + m.getOperation() + "/" + m.getSubresource())
        .collect(Collectors.joining(", "));
  }

  /** Paths under the Meeting CRD's spec schema that declare a default. */
  private static List<String> crdSpecDefaults() throws Exception {
    Path crd =
        Path.of(System.getProperty("baton.projectDir", "."))
            .resolve("crds/meetings.baton.dev.yaml");
    JsonNode root = Serialization.yamlMapper().readTree(Files.readString(crd));
    JsonNode spec = root.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    List<String> found = new ArrayList<>();
    collectDefaults(spec, "spec", found);
    return found;
  }

  private static void collectDefaults(JsonNode schema, String path, List<String> found) {
    if (schema.has("default")) {
      found.add(path);
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(f -> collectDefaults(f.getValue(), path + "." + f.getKey(), found));
    if (schema.has("items")) {
      collectDefaults(schema.get("items"), path + "[]", found);
    }
  }
}
