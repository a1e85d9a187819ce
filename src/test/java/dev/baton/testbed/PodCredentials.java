package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Gets a pod's ServiceAccount token from the TokenRequest API and writes the pod's kubeconfig. */
final class PodCredentials {

  private static final long TOKEN_SECONDS = 24 * 60 * 60;

  private PodCredentials() {}

  /** Writes a kubeconfig for {@code pod} that reaches {@code server} as its ServiceAccount. */
  static void writeKubeconfig(KubernetesClient client, Pod pod, String server, Path file)
      throws PodConfigException {
    String token = token(client, pod);
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, kubeconfig(server, token, pod.getMetadata().getNamespace()));
    } catch (IOException e) {
      throw new PodConfigException("cannot write " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  private static String token(KubernetesClient client, Pod pod) throws PodConfigException {
    String namespace = pod.getMetadata().getNamespace();
    String account = PodEnvironment.serviceAccountName(pod);
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(TOKEN_SECONDS)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    try {
      return client
          .serviceAccounts()
          .inNamespace(namespace)
          .withName(account)
          .tokenRequest(request)
          .getStatus()
          .getToken();
    } catch (KubernetesClientException e) {
      throw new PodConfigException(
          "cannot get a token for serviceaccount "
              + namespace
              + "/"
              + account
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String kubeconfig(String server, String token, String namespace) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: baton
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: pod
          user:
            token: %s
        contexts:
        - name: pod
          context:
            cluster: baton
            user: pod
            namespace: %s
        current-context: pod
        """
        .formatted(server, token, namespace);
  }
}
