package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds a container's environment as a kubelet does, from the pod and the objects it names. */
final class PodEnvironment {

  /** The only variables a pod inherits from the JVM that runs the agent. */
  static final List<String> INHERITED = List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR");

  private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][\\w.-]*)\\)");
  private static final Pattern SUBSCRIPT =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
  private static final Map<String, String> NODE_ALLOCATABLE = Map.of("cpu", "8", "memory", "16Gi");

  private final KubernetesClient client;
  private final Pod pod;
  private final String podIp;
  private final String hostIp;
  private final Map<String, Map<String, String>> sources = new HashMap<>();

  PodEnvironment(KubernetesClient client, Pod pod, String podIp, String hostIp) {
    this.client = client;
    this.pod = pod;
    this.podIp = podIp;
    this.hostIp = hostIp;
  }

  /** The container's variables: envFrom first, then env, which may refer to earlier ones. */
  Map<String, String> of(Container container) throws PodConfigException {
    Map<String, String> vars = new LinkedHashMap<>();
    for (EnvFromSource from : orEmpty(container.getEnvFrom())) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      envFrom(from).forEach((name, value) -> vars.put(prefix + name, value));
    }
    for (EnvVar var : orEmpty(container.getEnv())) {
      Optional<String> value = value(container, var, vars);
      value.ifPresent(v -> vars.put(var.getName(), v));
    }
    return vars;
  }

  /** Replaces {@code $(NAME)} with the variable's value and {@code $$} with {@code $}. */
  static String expand(String text, Map<String, String> vars) {
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement = name == null ? "$" : vars.getOrDefault(name, matcher.group());
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return matcher.appendTail(out).toString();
  }

  private Map<String, String> envFrom(EnvFromSource from) throws PodConfigException {
    if (from.getConfigMapRef() != null) {
      var ref = from.getConfigMapRef();
      return configMap(ref.getName(), Boolean.TRUE.equals(ref.getOptional()));
    }
    if (from.getSecretRef() != null) {
      var ref = from.getSecretRef();
      return secret(ref.getName(), Boolean.TRUE.equals(ref.getOptional()));
    }
    return Map.of();
  }

  private Optional<String> value(Container container, EnvVar var, Map<String, String> vars)
      throws PodConfigException {
    EnvVarSource source = var.getValueFrom();
    if (source == null) {
      return Optional.of(expand(var.getValue() == null ? "" : var.getValue(), vars));
    }
    if (source.getFieldRef() != null) {
      return Optional.of(field(source.getFieldRef().getFieldPath()));
    }
    if (source.getConfigMapKeyRef() != null) {
      return configMapKey(source.getConfigMapKeyRef());
    }
    if (source.getSecretKeyRef() != null) {
      return secretKey(source.getSecretKeyRef());
    }
    if (source.getResourceFieldRef() != null) {
      return Optional.of(resource(container, source.getResourceFieldRef()));
    }
    throw new PodConfigException("variable " + var.getName() + " has an unsupported source");
  }

  private String field(String path) throws PodConfigException {
    Matcher subscript = SUBSCRIPT.matcher(path);
    if (subscript.matches()) {
      Map<String, String> map =
          subscript.group(1).equals("labels")
              ? pod.getMetadata().getLabels()
              : pod.getMetadata().getAnnotations();
      return map == null ? "" : map.getOrDefault(subscript.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> serviceAccountName(pod);
      case "status.podIP", "status.podIPs" -> podIp;
      case "status.hostIP", "status.hostIPs" -> hostIp;
      default -> throw new PodConfigException("unsupported fieldRef " + path);
    };
  }

  private Optional<String> configMapKey(ConfigMapKeySelector ref) throws PodConfigException {
    boolean optional = Boolean.TRUE.equals(ref.getOptional());
    String value = configMap(ref.getName(), optional).get(ref.getKey());
    if (value == null && !optional) {
      throw new PodConfigException(
          "couldn't find key " + ref.getKey() + " in ConfigMap " + qualified(ref.getName()));
    }
    return Optional.ofNullable(value);
  }

  private Optional<String> secretKey(SecretKeySelector ref) throws PodConfigException {
    boolean optional = Boolean.TRUE.equals(ref.getOptional());
    String value = secret(ref.getName(), optional).get(ref.getKey());
    if (value == null && !optional) {
      throw new PodConfigException(
          "couldn't find key " + ref.getKey() + " in Secret " + qualified(ref.getName()));
    }
    return Optional.ofNullable(value);
  }

  private Map<String, String> configMap(String name, boolean optional) throws PodConfigException {
    Map<String, String> data = sources.get("configmap/" + name);
    if (data == null) {
      ConfigMap map = read(() -> client.configMaps().inNamespace(namespace()).withName(name).get());
      requirePresent(map, "configmap", name, optional);
      data = map == null || map.getData() == null ? Map.of() : map.getData();
      sources.put("configmap/" + name, data);
    }
    return data;
  }

  private Map<String, String> secret(String name, boolean optional) throws PodConfigException {
    Map<String, String> data = sources.get("secret/" + name);
    if (data == null) {
      Secret secret = read(() -> client.secrets().inNamespace(namespace()).withName(name).get());
      requirePresent(secret, "secret", name, optional);
      data = secret == null ? Map.of() : decode(secret.getData());
      sources.put("secret/" + name, data);
    }
    return data;
  }

  private static void requirePresent(Object object, String kind, String name, boolean optional)
      throws PodConfigException {
    if (object == null && !optional) {
      throw new PodConfigException(kind + " \"" + name + "\" not found");
    }
  }

  /** A resource limit or request, divided by the divisor and rounded up as a kubelet does. */
  private static String resource(Container container, ResourceFieldSelector ref) {
    String[] parts = ref.getResource().split("\\.", 2);
    var resources = container.getResources();
    Map<String, Quantity> declared =
        resources == null
            ? null
            : parts[0].equals("limits") ? resources.getLimits() : resources.getRequests();
    Quantity quantity = declared == null ? null : declared.get(parts[1]);
    if (quantity == null) {
      quantity =
          new Quantity(
              parts[0].equals("limits") ? NODE_ALLOCATABLE.getOrDefault(parts[1], "0") : "0");
    }
    BigDecimal divisor =
        ref.getDivisor() == null ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
    return quantity.getNumericalAmount().divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }

  private static Map<String, String> decode(Map<String, String> data) {
    Map<String, String> decoded = new HashMap<>();
    if (data != null) {
      Base64.Decoder decoder = Base64.getDecoder();
      data.forEach(
          (key, value) ->
              decoded.put(key, new String(decoder.decode(value), StandardCharsets.UTF_8)));
    }
    return decoded;
  }

  private static <T> T read(Supplier<T> get) throws PodConfigException {
    try {
      return get.get();
    } catch (KubernetesClientException e) {
      throw new PodConfigException("cannot read from the API server: " + e.getMessage(), e);
    }
  }

  static String serviceAccountName(Pod pod) {
    String name = pod.getSpec().getServiceAccountName();
    return name == null || name.isEmpty() ? "default" : name;
  }

  private String namespace() {
    return pod.getMetadata().getNamespace();
  }

  private String qualified(String name) {
    return namespace() + "/" + name;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
