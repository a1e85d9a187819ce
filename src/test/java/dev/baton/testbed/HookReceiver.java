package dev.baton.testbed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on loopback that receives meeting hooks and counts them by idempotency key. */
public final class HookReceiver implements AutoCloseable {

  /** One received call. */
  public record Call(String path, String key, String body) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> byKey = new ConcurrentHashMap<>();
  private volatile int failuresLeft;

  public HookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of {@code path} on this receiver. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Makes the next {@code count} calls fail with 503, as a receiver having trouble would. */
  public void failNext(int count) {
    failuresLeft = count;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Calls per idempotency key, counting only the ones answered 2xx. */
  public Map<String, Integer> acceptedByKey() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    byKey.forEach((key, count) -> counts.put(key, count.get()));
    return counts;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    String body = new String(exchange.getRequestBody().readAllBytes());
    calls.add(new Call(exchange.getRequestURI().getPath(), key, body));
    int status = 200;
    if (failuresLeft > 0) {
      failuresLeft--;
      status = 503;
    } else if (key != null) {
      byKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
