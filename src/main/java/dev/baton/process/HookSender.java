package dev.baton.process;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/** Calls a meeting's hook URL: one JSON POST that carries the hook's idempotency key. */
public final class HookSender {

  /** How long a hook call may take when no timeout is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The header that lets the receiver recognise a retry of a call it already handled. */
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  private final HttpClient client;
  private final Duration timeout;

  public HookSender() {
    this(DEFAULT_TIMEOUT);
  }

  /** A sender whose calls, connecting included, give up after {@code timeout}. */
  public HookSender(Duration timeout) {
    // Redirects are not followed: a redirected POST may be replayed as a GET without its body.
    // HTTP/1.1 because some receivers mishandle the h2c upgrade that plain-http HTTP/2 attempts.
    this(
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        timeout);
  }

  HookSender(HttpClient client, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Sends {@code call} once and says how it went; whether and when to retry is the caller's choice.
   * A 2xx answer is a success; 5xx, 408, 429 and no answer at all may succeed later.
   */
  public HookResult send(HookCall call) {
    HttpRequest request;
    try {
      request = request(call);
    } catch (IllegalArgumentException e) {
      return HookResult.invalid(call.hook(), e.getMessage());
    }
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      return HookResult.answered(call.hook(), response.statusCode());
    } catch (IOException e) {
      return HookResult.unreachable(call.hook(), describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HookResult.unreachable(call.hook(), "interrupted while waiting for the answer");
    }
  }

  private HttpRequest request(HookCall call) {
    URI uri = URI.create(Objects.requireNonNullElse(call.url(), ""));
    String scheme = uri.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("URL must start with http:// or https://: " + uri);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URL has no host: " + uri);
    }
    ObjectNode body = call.body() == null ? JsonNodeFactory.instance.objectNode() : call.body();
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header(IDEMPOTENCY_KEY_HEADER, call.idempotencyKey())
        .POST(HttpRequest.BodyPublishers.ofByteArray(SnapshotCodec.encode(body)))
        .build();
  }

  private String describe(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + Durations.format(timeout);
    }
    String detail = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return detail == null || detail.isBlank() ? kind : kind + ": " + detail;
  }
}
