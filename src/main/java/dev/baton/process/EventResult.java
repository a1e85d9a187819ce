package dev.baton.process;

/** What came of an event, and the highest transcript sequence number applied after it. */
public record EventResult(Outcome outcome, long appliedSeq) {

  /** The ways an event can turn out. */
  public enum Outcome {
    /** The transcript segment was applied. */
    APPLIED,
    /** The segment's sequence number was already applied; nothing changed. */
    DUPLICATE,
    /** The meeting is over and takes no more transcript. */
    ENDED,
    /** A tick found the meeting on a new agenda item: a good moment for a checkpoint. */
    AGENDA_ADVANCED,
    /** Nothing in the state changed. */
    UNCHANGED
  }
}
