package dev.baton.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HookSenderTest {

  private static final String KEY = "6f1c2e1a/onStart";

  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<HttpExchange> received = new AtomicReference<>();
  private final AtomicReference<byte[]> receivedBody = new AtomicReference<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private HttpServer server;
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/hook", this::answer);
    server.createContext("/slow", this::hang);
    server.setExecutor(handlers);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    release.countDown();
    server.stop(0);
    handlers.shutdownNow();
    handlers.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void answer(HttpExchange exchange) throws IOException {
    receivedBody.set(exchange.getRequestBody().readAllBytes());
    received.set(exchange);
    exchange.sendResponseHeaders(status.get(), -1);
    exchange.close();
  }

  private void hang(HttpExchange exchange) throws IOException {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  private static HookCall call(String url) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("hook", "onStart");
    body.putObject("meeting").put("name", "weekly-planning");
    return new HookCall(Hook.ON_START, url, KEY, body);
  }

  @Test
  void postsTheBodyWithTheIdempotencyKey() {
    HookCall call = call(base + "/hook");

    HookResult result = new HookSender(Duration.ofSeconds(5)).send(call);

    assertThat(result.success()).isTrue();
    assertThat(result.status()).isEqualTo(200);
    HttpExchange exchange = received.get();
    assertThat(exchange.getRequestMethod()).isEqualTo("POST");
    assertThat(exchange.getRequestHeaders().getFirst("Idempotency-Key")).isEqualTo(KEY);
    assertThat(exchange.getRequestHeaders().getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(SnapshotCodec.decode(receivedBody.get())).isEqualTo(call.body());
  }

  @Test
  void aRetrySendsTheSameKey() {
    HookSender sender = new HookSender(Duration.ofSeconds(5));
    status.set(503);
    sender.send(call(base + "/hook"));
    String firstKey = received.get().getRequestHeaders().getFirst("Idempotency-Key");
    status.set(200);

    HookResult retry = sender.send(call(base + "/hook"));

    assertThat(retry.success()).isTrue();
    assertThat(received.get().getRequestHeaders().getFirst("Idempotency-Key")).isEqualTo(firstKey);
  }

  @ParameterizedTest
  @CsvSource({
    "200, true, false",
    "202, true, false",
    "204, true, false",
    "302, false, false",
    "400, false, false",
    "404, false, false",
    "408, false, true",
    "429, false, true",
    "500, false, true",
    "503, false, true"
  })
  void mapsTheAnswerToSuccessAndRetry(int answer, boolean success, boolean retryable) {
    status.set(answer);

    HookResult result = new HookSender(Duration.ofSeconds(5)).send(call(base + "/hook"));

    assertThat(result.status()).isEqualTo(answer);
    assertThat(result.success()).isEqualTo(success);
    assertThat(result.retryable()).isEqualTo(retryable);
    assertThat(result.message()).contains("onStart").contains(String.valueOf(answer));
  }

  @Test
  void aClosedPortIsRetryable() {
    String closed = base + "/hook";
    server.stop(0);

    HookResult result = new HookSender(Duration.ofSeconds(5)).send(call(closed));

    assertThat(result.success()).isFalse();
    assertThat(result.retryable()).isTrue();
    assertThat(result.status()).isZero();
  }

  @Test
  void noAnswerWithinTheTimeoutIsRetryable() {
    HookResult result = new HookSender(Duration.ofMillis(300)).send(call(base + "/slow"));

    assertThat(result.success()).isFalse();
    assertThat(result.retryable()).isTrue();
    assertThat(result.status()).isZero();
    assertThat(result.message()).contains("no answer within 300ms");
  }

  @Test
  void aUrlThatIsNotHttpIsInvalidAndNotRetried() {
    HookSender sender = new HookSender(Duration.ofSeconds(5));

    HookResult ftp = sender.send(call("ftp://127.0.0.1/hook"));
    HookResult garbled = sender.send(call("http://bad host/hook"));

    assertThat(ftp.retryable()).isFalse();
    assertThat(ftp.message()).contains("invalid").contains("http://");
    assertThat(garbled.success()).isFalse();
    assertThat(garbled.retryable()).isFalse();
    assertThat(received.get()).isNull();
  }
}
