package dev.baton.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.v1alpha1.Meeting;
import dev.baton.process.EventResult;
import dev.baton.process.MeetingEvent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The meeting HTTP API of a worker. Any worker answers for any meeting of its namespace: it serves
 * the meetings it hosts and forwards the others to their owner, found in its cache of Meetings.
 */
@Path("/meetings/{namespace}/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class MeetingApi {

  static final String FORWARDED = "X-Baton-Forwarded";
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final HttpClient FORWARD =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Inject WorkerRole role;
  @Inject ObjectMapper json;

  @POST
  @Path("/transcript")
  public Response transcript(
      @PathParam("namespace") String namespace,
      @PathParam("name") String name,
      @jakarta.ws.rs.HeaderParam(FORWARDED) String forwarded,
      String body) {
    if (body != null && body.length() > MAX_BODY_BYTES) {
      return error(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    MeetingEvent.Transcript segment;
    try {
      segment = parse(body);
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    }
    Optional<HostedMeeting> hosted = host().flatMap(h -> h.hosted(namespace, name));
    if (hosted.isPresent() && hosted.get().acceptsWrites()) {
      return apply(hosted.get(), segment);
    }
    return elsewhere(namespace, name, "/transcript", body, forwarded);
  }

  @GET
  public Response state(
      @PathParam("namespace") String namespace,
      @PathParam("name") String name,
      @jakarta.ws.rs.HeaderParam(FORWARDED) String forwarded) {
    Optional<HostedMeeting> hosted = host().flatMap(h -> h.hosted(namespace, name));
    if (hosted.isPresent() && !hosted.get().stopped()) {
      return Response.ok(describe(hosted.get())).build();
    }
    return elsewhere(namespace, name, "", null, forwarded);
  }

  private Response apply(HostedMeeting meeting, MeetingEvent.Transcript segment) {
    EventResult result = meeting.process.handle(segment, Instant.now());
    if (result.outcome() == EventResult.Outcome.ENDED) {
      return error(409, "the meeting has ended");
    }
    ObjectNode answer = json.createObjectNode();
    answer.put("appliedSeq", result.appliedSeq());
    answer.put("checkpointedSeq", meeting.checkpointedSeq());
    answer.put("duplicate", result.outcome() == EventResult.Outcome.DUPLICATE);
    return Response.ok(answer).build();
  }

  private ObjectNode describe(HostedMeeting meeting) {
    ObjectNode state = meeting.process.query(Instant.now());
    state.put("appliedSeq", meeting.process.appliedSeq());
    state.put("checkpointedSeq", meeting.checkpointedSeq());
    state.put("epoch", meeting.epoch);
    state.put("worker", role.identity().pod());
    // The exact state a handoff carries over, so a client can see that nothing changed.
    state.set("state", meeting.process.snapshot());
    return state;
  }

  /** The meeting is not hosted here: answer from the cache, or forward to its owner. */
  private Response elsewhere(
      String namespace, String name, String path, String body, String forwarded) {
    Optional<Meeting> cached = host().flatMap(h -> h.cached(namespace, name));
    if (cached.isEmpty()) {
      return error(404, "no meeting " + namespace + "/" + name);
    }
    var status = cached.get().getStatus();
    if (status != null && status.getEndedAt() != null) {
      return error(409, "the meeting has ended");
    }
    String owner =
        status == null || status.getAssignment() == null
            ? null
            : status.getAssignment().getAddress();
    if (owner == null || forwarded != null || owner.equals(role.identity().address())) {
      // Nobody runs it right now (it is being placed or moved): the client should retry.
      return Response.status(503)
          .header("Retry-After", "1")
          .entity(message("the meeting is moving between workers; retry shortly"))
          .build();
    }
    return forward(owner, namespace, name, path, body);
  }

  // TODO(handoff hold): requests are answered 503 at once during a move instead of being held
  // until the new owner answers; holding them needs a per-meeting wait queue.
  private Response forward(String owner, String namespace, String name, String path, String body) {
    URI uri = URI.create("http://" + owner + "/meetings/" + namespace + "/" + name + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED, "1");
    request =
        body == null
            ? request.GET()
            : request
                .header("Content-Type", MediaType.APPLICATION_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> answer =
          FORWARD.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return Response.status(answer.statusCode())
          .entity(answer.body())
          .type(MediaType.APPLICATION_JSON)
          .build();
    } catch (IOException e) {
      return Response.status(503)
          .header("Retry-After", "1")
          .entity(message("the meeting's worker did not answer; retry shortly"))
          .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(503, "interrupted");
    }
  }

  private MeetingEvent.Transcript parse(String body) {
    JsonNode node;
    try {
      node = json.readTree(body == null ? "" : body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object with seq, speaker, text");
    }
    JsonNode seq = node.get("seq");
    if (seq == null || !seq.canConvertToLong() || seq.asLong() < 1) {
      throw new IllegalArgumentException("seq must be a whole number of at least 1");
    }
    String speaker = text(node, "speaker");
    String text = text(node, "text");
    return new MeetingEvent.Transcript(seq.asLong(), speaker, text);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-empty string");
    }
    return value.asText();
  }

  private Optional<MeetingHost> host() {
    return role.host();
  }

  private Response error(int status, String text) {
    return Response.status(status).entity(message(text)).build();
  }

  private ObjectNode message(String text) {
    return json.createObjectNode().put("message", text);
  }
}
