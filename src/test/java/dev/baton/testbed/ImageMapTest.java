package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageMapTest {

  private final ImageMap images =
      ImageMap.empty()
          .with("baton", List.of("java", "-jar", "baton.jar"))
          .with("team/baton:ignored", List.of("team-baton"))
          .with("local/sh", List.of("/bin/sh"));

  @Test
  void longestMappedSuffixWins() {
    assertThat(images.baseCommand("team/baton")).contains(List.of("team-baton"));
    assertThat(images.baseCommand("ghcr.io/team/baton")).contains(List.of("team-baton"));
    assertThat(images.baseCommand("ghcr.io/other/baton"))
        .contains(List.of("java", "-jar", "baton.jar"));
  }

  @Test
  void suffixMatchesWholePathSegmentsOnly() {
    assertThat(images.baseCommand("ghcr.io/x/notbaton")).isEmpty();
    assertThat(images.baseCommand("sh")).isEmpty();
  }

  @Test
  void tagAndDigestAreIgnored() {
    assertThat(images.baseCommand("baton:0.1.0")).contains(List.of("java", "-jar", "baton.jar"));
    assertThat(images.baseCommand("local/sh@sha256:" + "ab".repeat(32)))
        .contains(List.of("/bin/sh"));
    assertThat(images.baseCommand("ghcr.io/x/baton:1.2@sha256:" + "cd".repeat(32)))
        .contains(List.of("java", "-jar", "baton.jar"));
  }

  @Test
  void registryPortIsNotTakenForATag() {
    assertThat(ImageMap.repository("registry.local:5000/baton"))
        .isEqualTo("registry.local:5000/baton");
    assertThat(ImageMap.repository("registry.local:5000/baton:0.1"))
        .isEqualTo("registry.local:5000/baton");
  }

  @Test
  void containerCommandReplacesTheImageCommandAndArgsFollow() {
    Container own = container("baton:0.1", List.of("/usr/bin/env", "true"), List.of("--flag"));
    Container imageDefault = container("baton:0.1", null, List.of("--flag"));

    assertThat(images.argv(own)).contains(List.of("/usr/bin/env", "true", "--flag"));
    assertThat(images.argv(imageDefault)).contains(List.of("java", "-jar", "baton.jar", "--flag"));
  }

  @Test
  void unmappedImageHasNoArgvEvenWithItsOwnCommand() {
    Container container = container("docker.io/library/nginx", List.of("/bin/true"), null);

    assertThat(images.argv(container)).isEmpty();
  }

  private static Container container(String image, List<String> command, List<String> args) {
    return new ContainerBuilder()
        .withName("main")
        .withImage(image)
        .withCommand(command)
        .withArgs(args)
        .build();
  }
}
