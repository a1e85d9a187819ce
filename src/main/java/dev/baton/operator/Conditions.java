package dev.baton.operator;

import dev.baton.api.Times;
import dev.baton.api.v1alpha1.MeetingCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Sets conditions the Kubernetes way: the transition time moves only when the status flips. */
final class Conditions {

  static final String PLACED = "Placed";
  static final String READY = "Ready";
  static final String DEGRADED = "Degraded";

  private final List<MeetingCondition> conditions;
  private final long generation;
  private final Instant now;

  Conditions(List<MeetingCondition> current, long generation, Instant now) {
    this.conditions = current == null ? new ArrayList<>() : new ArrayList<>(current);
    this.generation = generation;
    this.now = now;
  }

  static Optional<MeetingCondition> find(List<MeetingCondition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  Conditions set(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    MeetingCondition next = new MeetingCondition(type, value, reason, message);
    next.setObservedGeneration(generation);
    Optional<MeetingCondition> old = find(conditions, type);
    boolean flipped = old.map(c -> !value.equals(c.getStatus())).orElse(true);
    next.setLastTransitionTime(flipped ? Times.seconds(now) : old.get().getLastTransitionTime());
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(next);
    conditions.sort(java.util.Comparator.comparing(MeetingCondition::getType));
    return this;
  }

  List<MeetingCondition> list() {
    return conditions;
  }
}
