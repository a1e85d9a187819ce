package dev.baton.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * When and why a meeting ended, with its agenda figures at that moment. They are frozen in the
 * snapshot so that the summary stays the same even if the spec's agenda is edited afterwards.
 */
record MeetingEnd(
    Instant at, String reason, long agendaItems, long agendaItemsCovered, long overrunSeconds) {

  /** The user set {@code spec.ended}. */
  static final String REQUESTED = "Requested";

  /** {@code spec.maxDuration} passed. */
  static final String MAX_DURATION = "MaxDuration";

  /** Baton stopped the meeting, for example because the Meeting was deleted. */
  static final String STOPPED = "Stopped";

  void writeTo(ObjectNode end) {
    end.put("at", at.toString());
    end.put("reason", reason);
    end.put("agendaItems", agendaItems);
    end.put("agendaItemsCovered", agendaItemsCovered);
    end.put("overrunSeconds", overrunSeconds);
  }

  static MeetingEnd readFrom(JsonNode end) {
    return new MeetingEnd(
        SnapshotFields.instant(end, "at"),
        SnapshotFields.text(end, "reason"),
        SnapshotFields.number(end, "agendaItems"),
        SnapshotFields.number(end, "agendaItemsCovered"),
        SnapshotFields.number(end, "overrunSeconds"));
  }
}
