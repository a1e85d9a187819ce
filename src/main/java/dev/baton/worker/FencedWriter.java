package dev.baton.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.api.v1alpha1.Meeting;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;

/**
 * Writes a hosted meeting's status as a JSON Patch that first tests the assignment's epoch, so the
 * API server itself refuses the write of a worker that no longer owns the meeting.
 */
final class FencedWriter {

  private final KubernetesClient client;
  private final WorkerMetrics metrics;

  FencedWriter(KubernetesClient client, WorkerMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  /** A patch for {@code meeting} at {@code epoch}; add operations follow. */
  Patch patch(String namespace, String name, long epoch) {
    return new Patch(namespace, name, epoch);
  }

  /** One guarded write. */
  final class Patch {
    private final String namespace;
    private final String name;
    private final ArrayNode ops = JsonNodeFactory.instance.arrayNode();

    private Patch(String namespace, String name, long epoch) {
      this.namespace = namespace;
      this.name = name;
      ops.addObject().put("op", "test").put("path", "/status/assignment/epoch").put("value", epoch);
    }

    /** Sets {@code /status/<field>} to {@code value}. */
    Patch set(String field, Object value) {
      JsonNode json = Serialization.jsonMapper().valueToTree(value);
      ops.addObject().put("op", "add").put("path", "/status/" + field).set("value", json);
      return this;
    }

    /** Removes {@code /status/<field>}, which must exist. */
    Patch remove(String field) {
      ops.addObject().put("op", "remove").put("path", "/status/" + field);
      return this;
    }

    /** Sends the patch; throws {@link Fenced} when the epoch moved on or the meeting is gone. */
    void send() throws Fenced {
      try {
        client
            .resources(Meeting.class)
            .inNamespace(namespace)
            .withName(name)
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON), ops.toString());
      } catch (KubernetesClientException e) {
        if (isRefusal(e.getCode())) {
          metrics.fencedWrite();
          throw new Fenced("the API server refused the write (HTTP " + e.getCode() + ")", e);
        }
        throw e;
      }
    }
  }

  /** A failed test operation answers 422; a deleted meeting 404; a removed status 409/422. */
  private static boolean isRefusal(int code) {
    return code == 422 || code == HttpURLConnection.HTTP_NOT_FOUND || code == 409;
  }
}
