package dev.baton.testbed;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the parts of the node agent share: the admin client, the threads, the image map, where the
 * API server listens, where pods keep their files, and the last folder of each pod by name.
 */
record AgentContext(
    KubernetesClient client,
    ScheduledExecutorService scheduler,
    ExecutorService relayThreads,
    HttpClient probeClient,
    ImageMap images,
    InetSocketAddress apiServer,
    Path podsDir,
    Map<String, Path> podDirs) {

  /** The port on each pod's IP where its proxy to the API server listens. */
  static final int API_PROXY_PORT = 6443;

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
