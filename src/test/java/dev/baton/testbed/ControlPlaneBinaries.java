package dev.baton.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Finds the folder of control-plane binaries, building it with the project's script if needed. */
final class ControlPlaneBinaries {

  private static final List<String> REQUIRED =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl");

  private ControlPlaneBinaries() {}

  static Path locate() {
    String configured = System.getProperty("baton.controlPlane.dir", "");
    if (configured.isBlank()) {
      configured = System.getenv().getOrDefault("BATON_CONTROL_PLANE_DIR", "");
    }
    Path dir = configured.isBlank() ? build() : Path.of(configured);
    for (String binary : REQUIRED) {
      if (!Files.isExecutable(dir.resolve(binary))) {
        throw new IllegalStateException(
            binary + " is missing from " + dir + "; run hack/control-plane.sh to build it");
      }
    }
    return dir;
  }

  private static Path build() {
    Path project = Path.of(System.getProperty("baton.projectDir", "."));
    Path script = project.resolve("hack/control-plane.sh");
    String output = Commands.run(project, List.of(script.toString()), Duration.ofMinutes(60));
    String[] lines = output.strip().split("\n");
    return Path.of(lines[lines.length - 1].strip());
  }
}
