package dev.baton.worker;

import dev.baton.config.BatonConfig;

/** Who this worker is: its pod, namespace, node and the address of its meeting API. */
record WorkerIdentity(String pod, String namespace, String node, String address) {

  static WorkerIdentity from(BatonConfig.Worker config) {
    String pod = config.podName().orElseThrow(() -> missing("BATON_WORKER_POD_NAME"));
    String namespace =
        config.podNamespace().orElseThrow(() -> missing("BATON_WORKER_POD_NAMESPACE"));
    String ip = config.podIp().orElseThrow(() -> missing("BATON_WORKER_POD_IP"));
    return new WorkerIdentity(
        pod, namespace, config.nodeName().orElse(""), ip + ":" + config.httpPort());
  }

  private static IllegalStateException missing(String variable) {
    return new IllegalStateException(
        variable + " is not set; the worker learns its pod from the downward API");
  }
}
