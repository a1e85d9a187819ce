package dev.baton.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks to a meeting through a worker's HTTP API, the way a client of the meeting would. */
public final class MeetingClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String namespace;

  public MeetingClient(String namespace) {
    this.namespace = namespace;
  }

  /** An answer: the HTTP status and the JSON body. */
  public record Answer(int status, JsonNode body) {}

  /** Sends one transcript segment to the worker at {@code address} (host:port). */
  public Answer say(String address, String meeting, long seq, String speaker, String text)
      throws IOException, InterruptedException {
    String body =
        JSON.createObjectNode()
            .put("seq", seq)
            .put("speaker", speaker)
            .put("text", text)
            .toString();
    return send(address, meeting, "/transcript", body);
  }

  /** Sends a raw body to the transcript endpoint. */
  public Answer sendRaw(String address, String meeting, String body)
      throws IOException, InterruptedException {
    return send(address, meeting, "/transcript", body);
  }

  /** The live state of the meeting, as any worker answers it. */
  public Answer state(String address, String meeting) throws IOException, InterruptedException {
    return send(address, meeting, "", null);
  }

  private Answer send(String address, String meeting, String path, String body)
      throws IOException, InterruptedException {
    URI uri = URI.create("http://" + address + "/meetings/" + namespace + "/" + meeting + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    request =
        body == null
            ? request.GET()
            : request
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
    return new Answer(response.statusCode(), json);
  }
}
