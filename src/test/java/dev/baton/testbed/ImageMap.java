package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps container images to the local commands that stand in for them on simulated nodes. */
public final class ImageMap {

  private final Map<String, List<String>> commands;

  private ImageMap(Map<String, List<String>> commands) {
    this.commands = Map.copyOf(commands);
  }

  /** A map that knows no image. */
  public static ImageMap empty() {
    return new ImageMap(Map.of());
  }

  /** {@code baton} runs the given jar on this JVM's java; {@code local/sh} runs /bin/sh. */
  public static ImageMap defaults(Path batonJar) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return empty()
        .with("baton", List.of(java, "-jar", batonJar.toAbsolutePath().toString()))
        .with("local/sh", List.of("/bin/sh"));
  }

  /** A copy of this map in which {@code image} (its tag ignored) runs {@code baseCommand}. */
  public ImageMap with(String image, List<String> baseCommand) {
    Map<String, List<String>> copy = new LinkedHashMap<>(commands);
    copy.put(repository(image), List.copyOf(baseCommand));
    return new ImageMap(copy);
  }

  /**
   * The command that stands in for {@code image}: the longest mapped suffix of its repository wins,
   * so {@code ghcr.io/x/baton:0.1} finds {@code baton} and {@code local/sh} finds itself.
   */
  public Optional<List<String>> baseCommand(String image) {
    String name = repository(image);
    while (true) {
      List<String> command = commands.get(name);
      int slash = name.indexOf('/');
      if (command != null || slash < 0) {
        return Optional.ofNullable(command);
      }
      name = name.substring(slash + 1);
    }
  }

  /**
   * The argv of a container: its own command, else its image's command; then its args. Empty when
   * the image is not mapped, even if the container names its own command.
   */
  public Optional<List<String>> argv(Container container) {
    return baseCommand(container.getImage())
        .map(
            base -> {
              List<String> argv = new ArrayList<>(orEmpty(container.getCommand()));
              if (argv.isEmpty()) {
                argv.addAll(base);
              }
              argv.addAll(orEmpty(container.getArgs()));
              return argv;
            });
  }

  /** The image name without its tag or digest. */
  static String repository(String image) {
    String name = image == null ? "" : image.strip();
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      name = name.substring(0, colon);
    }
    return name;
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
