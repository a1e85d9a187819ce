package dev.baton.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Fails when the CRD kept in the repository no longer matches the Java types. */
class CrdFreshnessIT {

  private static final Path PROJECT = Path.of(System.getProperty("baton.projectDir", "."));

  @Test
  void copiesMatchTheGeneratedCrd() throws Exception {
    var generated = CrdFiles.generated(PROJECT);
    for (Path copy : CrdFiles.COPIES) {
      assertThat(CrdFiles.read(PROJECT.resolve(copy)))
          .as("%s is stale; run hack/update-crds.sh after changing the Meeting types", copy)
          .isEqualTo(generated);
    }
  }

  @Test
  void printerColumnsComeInTheOrderKubectlShows() throws Exception {
    var columns =
        CrdFiles.read(PROJECT.resolve(CrdFiles.COPIES.get(0)))
            .getSpec()
            .getVersions()
            .get(0)
            .getAdditionalPrinterColumns();
    assertThat(columns)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactlyElementsOf(CrdFiles.COLUMN_ORDER);
  }
}
