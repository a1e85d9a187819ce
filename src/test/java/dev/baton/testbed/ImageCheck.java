package dev.baton.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a built image, unpacked from the tar "docker save" would write: the JVM as an exec-form
 * entrypoint, an unprivileged user, the jar where the entrypoint looks, port 8080 and the name the
 * chart runs by default. Run by {@code hack/image-check.sh}; exits 1 on any failed check.
 */
public final class ImageCheck {

  private static final Set<String> SHELLS = Set.of("sh", "bash", "/bin/sh", "/bin/bash", "-c");

  private final List<String> failures = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    ImageCheck check = new ImageCheck();
    check.run(Path.of(args[0]));
    if (!check.failures.isEmpty()) {
      check.failures.forEach(f -> System.out.println("FAILED: " + f));
      System.exit(1);
    }
    System.out.println("image check passed");
  }

  private void run(Path image) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode manifest = json.readTree(image.resolve("manifest.json").toFile()).get(0);
    JsonNode config =
        json.readTree(image.resolve(manifest.get("Config").asText()).toFile()).get("config");
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
    String workDir = config.path("WorkingDir").asText();
    String user = config.path("User").asText();
    String tag = manifest.path("RepoTags").path(0).asText();
    System.out.printf(
        "image %s%nentrypoint %s%nworking dir %s%nuser %s%nports %s%n",
        tag, entrypoint, workDir, user, config.path("ExposedPorts"));

    expect(
        !entrypoint.isEmpty() && entrypoint.get(0).equals("java"), "entrypoint starts with java");
    expect(entrypoint.stream().noneMatch(SHELLS::contains), "no shell in the entrypoint");
    expect(
        entrypoint.size() >= 2
            && entrypoint
                .subList(entrypoint.size() - 2, entrypoint.size())
                .equals(List.of("-jar", workDir + "/quarkus-run.jar")),
        "entrypoint ends with -jar " + workDir + "/quarkus-run.jar");
    expect(user.matches("[1-9][0-9]*"), "a numeric user other than root");
    expect(config.path("ExposedPorts").has("8080/tcp"), "port 8080 exposed");
    expect(tag.equals(chartImage()), "named as the chart's default image " + chartImage());
    List<String> files = new ArrayList<>();
    for (JsonNode layer : manifest.get("Layers")) {
      files.addAll(
          Commands.run(image, List.of("tar", "-tzf", layer.asText()), Duration.ofMinutes(1))
              .lines()
              .toList());
    }
    String jar = workDir.substring(1) + "/quarkus-run.jar";
    expect(files.contains(jar), "a layer holds " + jar);
  }

  private void expect(boolean holds, String what) {
    System.out.println((holds ? "ok       " : "MISSING  ") + what);
    if (!holds) {
      failures.add(what);
    }
  }

  private static String chartImage() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Path chart = Path.of(System.getProperty("baton.projectDir", ".")).resolve("helm/baton");
    JsonNode values = yaml.readTree(Files.readString(chart.resolve("values.yaml")));
    JsonNode meta = yaml.readTree(Files.readString(chart.resolve("Chart.yaml")));
    return values.path("image").path("repository").asText()
        + ":"
        + meta.path("appVersion").asText();
  }
}
