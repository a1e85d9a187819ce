package dev.baton.process;

import dev.baton.api.v1alpha1.MeetingSpec;

/** Something that happens to a meeting process. */
public sealed interface MeetingEvent {

  /** A piece of transcript; {@code seq} numbers start at 1 and may have gaps. */
  record Transcript(long seq, String speaker, String text) implements MeetingEvent {}

  /** The clock moved; lets the process notice agenda changes and the end of the meeting. */
  record Tick() implements MeetingEvent {}

  /** The user changed the Meeting's spec, for example to set {@code ended}. */
  record SpecChanged(MeetingSpec spec) implements MeetingEvent {}
}
