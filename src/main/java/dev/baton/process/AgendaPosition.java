package dev.baton.process;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.v1alpha1.AgendaItem;
import java.time.Duration;
import java.util.List;

/**
 * Where a meeting stands on its agenda after some meeting time. {@code index} is the current item,
 * or {@code items} once the last item is over; from then on the time counts as overrun.
 */
record AgendaPosition(
    int items,
    long elapsedSeconds,
    int index,
    String title,
    long secondsLeft,
    long overrunSeconds) {

  /** The position after {@code elapsed} of meeting time. */
  static AgendaPosition at(List<AgendaItem> agenda, Duration elapsed) {
    List<AgendaItem> items = agenda == null ? List.of() : agenda;
    Duration itemEnd = Duration.ZERO;
    for (int i = 0; i < items.size(); i++) {
      itemEnd = itemEnd.plusMinutes(minutes(items.get(i)));
      if (elapsed.compareTo(itemEnd) < 0) {
        long left = itemEnd.minus(elapsed).toSeconds();
        return new AgendaPosition(
            items.size(), elapsed.toSeconds(), i, items.get(i).getTitle(), left, 0);
      }
    }
    long overrun = elapsed.minus(itemEnd).toSeconds();
    return new AgendaPosition(items.size(), elapsed.toSeconds(), items.size(), null, 0, overrun);
  }

  /** Whether the time of every item has run out. */
  boolean overrun() {
    return index >= items;
  }

  /** The position as the meeting HTTP API shows it; {@code current} is null during overrun. */
  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("items", (long) items);
    json.put("elapsedSeconds", elapsedSeconds);
    if (overrun()) {
      json.putNull("current");
    } else {
      ObjectNode current = json.putObject("current");
      current.put("index", (long) index).put("title", title).put("secondsLeft", secondsLeft);
    }
    json.put("overrunSeconds", overrunSeconds);
    return json;
  }

  // The schema requires 1..600 minutes; anything else from an older CRD counts as no time.
  private static long minutes(AgendaItem item) {
    Integer minutes = item == null ? null : item.getMinutes();
    return minutes == null ? 0 : Math.max(0, minutes);
  }
}
