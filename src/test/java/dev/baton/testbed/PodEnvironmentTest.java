package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodEnvironmentTest {

  private static final Map<String, String> VARS = Map.of("NAME", "ana", "ZONE", "eu-1");

  @Test
  void expandsKnownReferences() {
    assertThat(PodEnvironment.expand("hello $(NAME) in $(ZONE)", VARS))
        .isEqualTo("hello ana in eu-1");
  }

  @Test
  void doubleDollarEscapesAReference() {
    assertThat(PodEnvironment.expand("$$(NAME) costs $$5", VARS)).isEqualTo("$(NAME) costs $5");
  }

  @Test
  void leavesUnknownAndMalformedReferencesAsTheyAre() {
    assertThat(PodEnvironment.expand("$(MISSING) $NAME $(NAME $()", VARS))
        .isEqualTo("$(MISSING) $NAME $(NAME $()");
  }

  @Test
  void replacementIsNotExpandedAgain() {
    Map<String, String> vars = Map.of("A", "$(B)", "B", "b");

    assertThat(PodEnvironment.expand("$(A)", vars)).isEqualTo("$(B)");
  }

  @Test
  void downwardApiFieldsComeFromThePodAndItsAddresses() throws Exception {
    Container container =
        new ContainerBuilder()
            .withName("main")
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("POD_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("POD_IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("NODE_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("spec.nodeName")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("GREETING")
            .withValue("hi $(POD_NAME) on $(NODE_NAME)")
            .endEnv()
            .build();

    Map<String, String> env = environment().of(container);

    assertThat(env)
        .containsEntry("POD_NAME", "worker-0")
        .containsEntry("POD_NAMESPACE", "team-a")
        .containsEntry("POD_IP", "127.10.1.1")
        .containsEntry("NODE_NAME", "node-1")
        .containsEntry("GREETING", "hi worker-0 on node-1");
  }

  @Test
  void unsupportedFieldIsAConfigError() {
    Container container =
        new ContainerBuilder()
            .withName("main")
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.phase")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .build();

    assertThatThrownBy(() -> environment().of(container))
        .isInstanceOf(PodConfigException.class)
        .hasMessageContaining("status.phase");
  }

  /** Needs no client: the variables here read nothing from the API server. */
  private static PodEnvironment environment() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("worker-0")
            .withNamespace("team-a")
            .endMetadata()
            .withNewSpec()
            .withNodeName("node-1")
            .endSpec()
            .build();
    return new PodEnvironment(null, pod, "127.10.1.1", "127.10.0.1");
  }
}
