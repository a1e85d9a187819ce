package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that shares one control plane and node agent across a test run and gives each
 * test a namespace of its own, removed afterwards.
 */
public final class TestBed implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** Names of the simulated nodes every test run starts with. */
  public static final String[] NODES = {"node-1", "node-2", "node-3"};

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(TestBed.class);

  /** What a test receives: the shared cluster and its own namespace. */
  public record Cluster(ControlPlane plane, NodeAgent agent, String namespace) {

    public KubernetesClient client() {
      return plane.client();
    }

    public String kubectl(String... args) {
      return plane.kubectl(args);
    }
  }

  private record Shared(ControlPlane plane, NodeAgent agent) implements AutoCloseable {
    @Override
    public void close() {
      agent.close();
      plane.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Shared shared = shared(context);
    String namespace = "t-" + UUID.randomUUID().toString().substring(0, 8);
    Namespace object =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName(namespace)
            .withLabels(Map.of("baton.dev/test", context.getRequiredTestMethod().getName()))
            .endMetadata()
            .build();
    shared.plane().client().namespaces().resource(object).create();
    context.getStore(STORE).put("cluster", new Cluster(shared.plane(), shared.agent(), namespace));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Cluster cluster = context.getStore(STORE).get("cluster", Cluster.class);
    if (cluster != null) {
      cluster.client().namespaces().withName(cluster.namespace()).delete();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Cluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(STORE).get("cluster", Cluster.class);
  }

  private static Shared shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(STORE)
        .computeIfAbsent("shared", key -> startShared(), Shared.class);
  }

  private static Shared startShared() {
    TestBedLogging.hideExpectedResets();
    ControlPlane plane = null;
    try {
      plane = ControlPlane.start();
      NodeAgent agent = new NodeAgent(plane, ImageMap.defaults(batonJar()));
      for (String node : NODES) {
        agent.addNode(node, Map.of());
      }
      return new Shared(plane, agent);
    } catch (Exception e) {
      if (plane != null) {
        plane.close();
      }
      throw new IllegalStateException("could not start the local control plane", e);
    }
  }

  /** The project's packaged jar, which the Baton image maps to. */
  public static Path batonJar() {
    return Path.of(System.getProperty("baton.jar", "target/quarkus-app/quarkus-run.jar"));
  }
}
