package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading the Prometheus text format that the tests scrape. */
class ScrapeTest {

  private static final String TEXT =
      """
      # HELP baton_handoffs_total Moves of a meeting
      # TYPE baton_handoffs_total counter
      baton_handoffs_total{kind="crash",} 2.0
      baton_handoffs_total{kind="graceful",} 3.0
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space, young",} 1.5E7
      odd{text="say \\"hi\\", then \\\\ go"} 1 1712345678000
      baton_placements_total 5.0
      """;

  @Test
  void readsNamesLabelsAndValues() {
    Scrape scrape = Scrape.parseText(TEXT);

    assertThat(scrape.value("baton_handoffs_total", "kind", "graceful")).isEqualTo(3);
    assertThat(scrape.value("baton_handoffs_total")).isEqualTo(5);
    assertThat(scrape.value("jvm_memory_used_bytes", "id", "G1 Eden Space, young"))
        .isEqualTo(1.5e7);
    assertThat(scrape.value("odd", "text", "say \"hi\", then \\ go")).isEqualTo(1);
    assertThat(scrape.value("baton_placements_total")).isEqualTo(5);
  }

  @Test
  void aMissingSampleFailsWithWhatWasThere() {
    Scrape scrape = Scrape.parseText(TEXT);

    assertThat(scrape.has("baton_handoffs_total", "kind", "other")).isFalse();
    assertThatThrownBy(() -> scrape.value("baton_worker_hosted_meetings"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("baton_placements_total 5.0");
  }
}
