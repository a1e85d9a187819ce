package dev.baton.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.api.v1alpha1.MeetingStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Writes the operator's part of a Meeting's status, and only when it changed. The workers' part
 * (snapshot, process, summary) is never sent, so a stale copy can never overwrite it.
 */
@ApplicationScoped
public class OwnedStatus {

  static final List<String> FIELDS =
      List.of("phase", "observedGeneration", "conditions", "assignment", "handoffs");

  @Inject KubernetesClient client;

  /**
   * Patches the fields that differ; a placement carries the resourceVersion it was based on.
   * Returns the Meeting as the API server stored it, or null when nothing needed writing.
   */
  Meeting write(Meeting meeting, Plan plan) {
    ObjectNode current = owned(meeting.getStatus());
    ObjectNode desired = owned(plan.status());
    if (desired.equals(current)) {
      return null;
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.set("status", withRemovals(current, desired));
    if (plan.placement()) {
      patch
          .putObject("metadata")
          .put("resourceVersion", meeting.getMetadata().getResourceVersion());
    }
    return client
        .resources(Meeting.class)
        .inNamespace(meeting.getMetadata().getNamespace())
        .withName(meeting.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }

  /**
   * {@code desired} as a merge patch over {@code current}: keys that {@code desired} no longer has
   * are sent as null, so that a merge removes them instead of keeping them.
   */
  static JsonNode withRemovals(JsonNode current, JsonNode desired) {
    if (!(current instanceof ObjectNode before) || !(desired instanceof ObjectNode after)) {
      return desired;
    }
    ObjectNode patch = after.deepCopy();
    before
        .fieldNames()
        .forEachRemaining(
            key ->
                patch.set(
                    key,
                    after.has(key)
                        ? withRemovals(before.get(key), after.get(key))
                        : JsonNodeFactory.instance.nullNode()));
    return patch;
  }

  /** The operator's fields of a status, with JSON null for the absent ones. */
  static ObjectNode owned(MeetingStatus status) {
    ObjectNode all =
        status == null
            ? JsonNodeFactory.instance.objectNode()
            : Serialization.jsonMapper().valueToTree(status);
    ObjectNode owned = JsonNodeFactory.instance.objectNode();
    for (String field : FIELDS) {
      JsonNode value = all.get(field);
      owned.set(field, value == null ? JsonNodeFactory.instance.nullNode() : value);
    }
    return owned;
  }
}
