package dev.baton.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.SpecDefaults;
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
  static final String NOT_OWNER = "X-Baton-Not-Owner";
  private static final long HOLD_POLL_MILLIS = 50;
  private static final long MAX_SEQ_JUMP = 100_000;
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final HttpClient FORWARD =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Inject WorkerRole role;
  @Inject ObjectMapper json;
  @Inject HeldRequests holds;

  @POST
  @Path("/transcript")
  public Response transcript(
      @PathParam("namespace") String namespace,
      @PathParam("name") String name,
      @jakarta.ws.rs.HeaderParam(FORWARDED) String forwarded,
      String body) {
    if (body != null
        && body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      return error(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    MeetingEvent.Transcript segment;
    try {
      segment = parse(body);
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    }
    return serve(namespace, name, forwarded, "/transcript", body, hosted -> apply(hosted, segment));
  }

  @GET
  public Response state(
      @PathParam("namespace") String namespace,
      @PathParam("name") String name,
      @jakarta.ws.rs.HeaderParam(FORWARDED) String forwarded) {
    return serve(
        namespace,
        name,
        forwarded,
        "",
        null,
        hosted -> hosted.stopped() ? null : Response.ok(describe(hosted)).build());
  }

  /**
   * Applies a segment unless the meeting stopped taking transcript. The check and the change hold
   * the meeting's lock, which a final snapshot also takes: nothing slips in after it.
   */
  private Response apply(HostedMeeting meeting, MeetingEvent.Transcript segment) {
    EventResult result;
    synchronized (meeting) {
      if (!meeting.acceptsWrites()) {
        return null;
      }
      long applied = meeting.process.appliedSeq();
      if (segment.seq() > applied + MAX_SEQ_JUMP) {
        // One mistyped number would otherwise turn every later segment into a duplicate.
        return error(
            400,
            "seq "
                + segment.seq()
                + " is more than "
                + MAX_SEQ_JUMP
                + " past the highest applied ("
                + applied
                + "); number segments consecutively");
      }
      Instant now = Instant.now();
      result = meeting.process.handle(segment, now);
      if (result.outcome() == EventResult.Outcome.APPLIED) {
        meeting.applied(now);
      }
    }
    if (result.outcome() == EventResult.Outcome.ENDED) {
      return error(409, "the meeting has ended");
    }
    ObjectNode answer = json.createObjectNode();
    answer.put("appliedSeq", result.appliedSeq());
    answer.put("checkpointedSeq", meeting.checkpointedSeq());
    answer.put("duplicate", result.outcome() == EventResult.Outcome.DUPLICATE);
    // A client may drop a segment once "checkpoint" is two above the value in its own answer:
    // at most one snapshot is in flight, and the one after it includes the segment.
    answer.put("checkpoint", meeting.snapshotSeq());
    answer.put("epoch", meeting.epoch);
    return Response.ok(answer).build();
  }

  private ObjectNode describe(HostedMeeting meeting) {
    ObjectNode state = meeting.process.query(Instant.now());
    state.put("appliedSeq", meeting.process.appliedSeq());
    state.put("checkpointedSeq", meeting.checkpointedSeq());
    state.put("checkpoint", meeting.snapshotSeq());
    state.put("epoch", meeting.epoch);
    state.put("worker", role.identity().pod());
    // The exact state a handoff carries over, so a client can see that nothing changed.
    state.set("state", meeting.process.snapshot());
    return state;
  }

  /**
   * Answers from the process hosted here, else forwards to the owner found in the cache of
   * Meetings. While the meeting is between workers (no owner, or one that does not answer yet) the
   * request is held, re-resolving the owner, until {@code spec.handoff.timeout}; then it is
   * answered 503 with Retry-After. At most {@code max-held-requests} wait per meeting.
   */
  private Response serve(
      String namespace,
      String name,
      String forwarded,
      String path,
      String body,
      java.util.function.Function<HostedMeeting, Response> local) {
    Instant deadline = null;
    String key = namespace + "/" + name;
    try {
      while (true) {
        Optional<HostedMeeting> hosted = host().flatMap(h -> h.hosted(namespace, name));
        Response answer = hosted.map(local).orElse(null);
        if (answer != null) {
          return answer;
        }
        Optional<Meeting> cached = host().flatMap(h -> h.cached(namespace, name));
        if (cached.isEmpty()) {
          return error(404, "no meeting " + namespace + "/" + name);
        }
        if (cached.get().getStatus() != null && cached.get().getStatus().getEndedAt() != null) {
          return error(409, "the meeting has ended");
        }
        Optional<String> unplaceable = noWorkerFits(cached.get());
        if (unplaceable.isPresent()) {
          return Response.status(503)
              .header("Retry-After", "5")
              .entity(message("no worker can take the meeting now: " + unplaceable.get()))
              .build();
        }
        String owner = ownerElsewhere(cached.get());
        if (owner != null && forwarded == null) {
          answer = forward(owner, namespace, name, path, body);
          if (answer != null) {
            return answer;
          }
        } else if (forwarded != null) {
          // Not the owner after all: the forwarding worker holds the request and looks again.
          return notHere();
        }
        if (deadline == null) {
          if (!holds.tryAcquire(key)) {
            return moving("too many requests are already waiting for this meeting");
          }
          deadline = Instant.now().plus(SpecDefaults.handoffTimeout(cached.get().getSpec()));
        }
        if (Instant.now().isAfter(deadline)) {
          return moving("the meeting did not reach its next worker in time");
        }
        Thread.sleep(HOLD_POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return moving("interrupted");
    } finally {
      if (deadline != null) {
        holds.release(key);
      }
    }
  }

  /**
   * Why the operator cannot place the meeting, when its Placed condition says no worker fits:
   * holding a request would only end in the same answer after {@code spec.handoff.timeout}.
   */
  private static Optional<String> noWorkerFits(Meeting meeting) {
    var status = meeting.getStatus();
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream()
        .filter(c -> "Placed".equals(c.getType()) && "False".equals(c.getStatus()))
        .filter(c -> "NoWorkerAvailable".equals(c.getReason()))
        .map(c -> c.getMessage())
        .findFirst();
  }

  /** The address of the worker that owns the meeting, unless that is this one or none. */
  private String ownerElsewhere(Meeting meeting) {
    var status = meeting.getStatus();
    String owner =
        status == null || status.getAssignment() == null
            ? null
            : status.getAssignment().getAddress();
    return owner == null || owner.equals(role.identity().address()) ? null : owner;
  }

  private Response moving(String why) {
    return Response.status(503)
        .header("Retry-After", "1")
        .entity(message("the meeting is moving between workers (" + why + "); retry shortly"))
        .build();
  }

  private Response notHere() {
    return Response.status(503).header(NOT_OWNER, "1").entity(message("not the owner")).build();
  }

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
      if (answer.headers().firstValue(NOT_OWNER).isPresent()) {
        return null;
      }
      return Response.status(answer.statusCode())
          .entity(answer.body())
          .type(MediaType.APPLICATION_JSON)
          .build();
    } catch (IOException e) {
      // The owner is gone or not yet listening: hold and look again.
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return moving("interrupted");
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
    if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 1) {
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
