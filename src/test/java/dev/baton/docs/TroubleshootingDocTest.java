package dev.baton.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.operator.MeetingEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's troubleshooting table lists exactly the reasons Baton sets. */
class TroubleshootingDocTest {

  private static final Path SOURCES = Path.of("src/main/java");

  @Test
  void theTableListsEveryReasonTheCodeSetsAndNoOther() throws IOException {
    ReasonScan scan = ReasonScan.of(SOURCES);
    Set<String> reasons = new TreeSet<>(scan.reasons());
    Stream.of(MeetingEvents.Reason.values()).map(Enum::name).forEach(reasons::add);

    assertThat(scan.unreadable())
        .as("reason arguments that are neither a literal nor a known pass-through")
        .isEmpty();
    assertThat(ReadmeTables.rows("Troubleshooting").keySet())
        .containsExactlyInAnyOrderElementsOf(reasons);
  }

  @Test
  void theScanReadsReasonsFromEachKindOfCall() {
    ReasonScan scan = new ReasonScan();
    scan.read(
        "Example.java",
        """
        conditions.set(Conditions.READY, false, "Waiting", "Not yet, (still) waiting.");
        conditions.set(
            Conditions.DEGRADED, crashed, crashed ? "Lost" : "Fine", "a, b");
        reportError(meeting, "TooBig", e.getMessage());
        failures.report(meeting, "Unreachable", call.url() + ", " + why);
        void reportError(HostedMeeting meeting, String reason, String message) {}
        snapshots.failed(meeting, reason, message, Instant.now());
        conditions.set(Conditions.DEGRADED, true, error.getReason(), error.getMessage());
        conditions.set(Conditions.READY, true, REASON, "a constant is not read");
        """);

    assertThat(scan.reasons())
        .containsExactlyInAnyOrder("Waiting", "Lost", "Fine", "TooBig", "Unreachable");
    assertThat(scan.unreadable()).containsExactly("Example.java: REASON");
    assertThat(scan.calls()).isEqualTo(7);
  }
}
