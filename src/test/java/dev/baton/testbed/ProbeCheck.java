package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one probe of a container once: an HTTP GET, a TCP connect or a command. */
final class ProbeCheck {

  private final HttpClient http;
  private final String podIp;
  private final Container container;
  private final Map<String, String> env;
  private final Path workDir;

  ProbeCheck(
      HttpClient http, String podIp, Container container, Map<String, String> env, Path workDir) {
    this.http = http;
    this.podIp = podIp;
    this.container = container;
    this.env = env;
    this.workDir = workDir;
  }

  /** True when the probe passes within its timeout. */
  boolean passes(Probe probe) {
    int timeout = positiveOr(probe.getTimeoutSeconds(), 1);
    try {
      if (probe.getHttpGet() != null) {
        return httpGet(probe.getHttpGet(), timeout);
      }
      if (probe.getTcpSocket() != null) {
        return tcpConnect(
            host(probe.getTcpSocket().getHost()), probe.getTcpSocket().getPort(), timeout);
      }
      if (probe.getExec() != null) {
        return exec(probe.getExec().getCommand(), timeout);
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean httpGet(HTTPGetAction get, int timeout) throws IOException, InterruptedException {
    String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
    String path = get.getPath() == null ? "/" : get.getPath();
    URI uri = URI.create(scheme + "://" + host(get.getHost()) + ":" + port(get.getPort()) + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeout));
    for (HTTPHeader header : orEmpty(get.getHttpHeaders())) {
      request.header(header.getName(), header.getValue());
    }
    int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    return status >= 200 && status < 400;
  }

  private boolean tcpConnect(String host, IntOrString port, int timeout) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port(port)), timeout * 1000);
      return true;
    }
  }

  private boolean exec(List<String> command, int timeout) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().retainAll(PodEnvironment.INHERITED);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
      ProcessTree.kill(process.toHandle(), List.of());
      return false;
    }
    return process.exitValue() == 0;
  }

  private String host(String host) {
    return host == null || host.isEmpty() ? podIp : host;
  }

  /** A port number, or the number of the container port with that name. */
  private int port(IntOrString port) throws IOException {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return orEmpty(container.getPorts()).stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new IOException("no container port named " + port.getStrVal()));
  }

  static int positiveOr(Integer value, int otherwise) {
    return value == null || value <= 0 ? otherwise : value;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
