package dev.baton.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The Meeting CRD as the build generates it from the Java types, with its printer columns in the
 * order kubectl should show them (the generator sorts them by JSON path), and the copies of it kept
 * in the repository. Run {@code main} to refresh the copies.
 */
public final class CrdFiles {

  static final Path GENERATED = Path.of("target/kubernetes/meetings.baton.dev-v1.yml");
  static final List<Path> COPIES =
      List.of(
          Path.of("crds/meetings.baton.dev.yaml"),
          Path.of("helm/baton/crds/meetings.baton.dev.yaml"));
  static final List<String> COLUMN_ORDER = List.of("Phase", "Worker", "Epoch", "Handoffs", "Age");

  private CrdFiles() {}

  /** The generated CRD with its columns in {@link #COLUMN_ORDER}. */
  static CustomResourceDefinition generated(Path projectDir) throws IOException {
    CustomResourceDefinition crd = read(projectDir.resolve(GENERATED));
    crd.getSpec()
        .getVersions()
        .forEach(
            version ->
                version
                    .getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt(CrdFiles::columnRank)));
    return crd;
  }

  static CustomResourceDefinition read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  private static int columnRank(CustomResourceColumnDefinition column) {
    int rank = COLUMN_ORDER.indexOf(column.getName());
    return rank < 0 ? COLUMN_ORDER.size() : rank;
  }

  /** Writes the copies from the last build's generated CRD. */
  public static void main(String[] args) throws IOException {
    Path project = Path.of(args.length > 0 ? args[0] : ".");
    String yaml =
        "# Generated from the Java types in dev.baton.api.v1alpha1; refresh with"
            + " hack/update-crds.sh\n"
            + Serialization.asYaml(generated(project));
    for (Path copy : COPIES) {
      Files.createDirectories(project.resolve(copy).getParent());
      Files.writeString(project.resolve(copy), yaml);
    }
  }
}
