package dev.baton.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.v1alpha1.MeetingSummary;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Running counts over a meeting's transcript: words per speaker, hits per keyword, the last lines
 * and the highest sequence number applied. Not thread-safe; its owner guards it.
 *
 * <p>The bounds keep the worst case (every character three bytes of UTF-8) near 50 KB of JSON,
 * under the default snapshot limit of 64 KiB; ordinary meetings stay far below.
 */
final class TranscriptStats {

  static final int MAX_SPEAKERS = 200;
  static final int MAX_SPEAKER_CHARS = 40;
  static final int LAST_LINES = 10;
  static final int MAX_LINE_CHARS = 280;
  static final int MAX_KEYWORDS = 50;
  static final int MAX_KEYWORD_CHARS = 64;
  static final String UNKNOWN_SPEAKER = "(unknown)";

  /** One kept line of transcript, as cleaned and cut for the snapshot. */
  record Line(long seq, String speaker, String text) {}

  /** How many runs of skipped numbers are remembered; older skipped numbers count as lost. */
  static final int MAX_GAPS = 32;

  private long appliedSeq;
  private long segments;
  // Runs [from, to] of numbers below appliedSeq that were skipped and may still arrive, so that
  // a client resending after a crash fills them instead of being told they were applied.
  private final java.util.TreeMap<Long, Long> gaps = new java.util.TreeMap<>();
  // Sorted maps make the snapshot's JSON independent of the order its fields were read in.
  private final SortedMap<String, Long> wordsBySpeaker = new TreeMap<>();
  private long otherSpeakersWords;
  private final SortedMap<String, Long> keywordHits = new TreeMap<>();
  private final Deque<Line> lastLines = new ArrayDeque<>();

  /**
   * The keywords that are counted: the spec's, without repeats. The schema already allows at most
   * 50 of at most 64 characters; the same bound here keeps the snapshot bounded under an old CRD.
   */
  static List<String> tracked(List<String> keywords) {
    if (keywords == null) {
      return List.of();
    }
    return keywords.stream()
        .filter(k -> k != null && !k.isBlank() && k.length() <= MAX_KEYWORD_CHARS)
        .distinct()
        .limit(MAX_KEYWORDS)
        .toList();
  }

  long appliedSeq() {
    return appliedSeq;
  }

  /**
   * Whether {@code seq} was never applied: above every number applied so far, or one of the numbers
   * skipped on the way (the last {@value #MAX_GAPS} runs of them).
   */
  boolean isNew(long seq) {
    if (seq > appliedSeq) {
      return true;
    }
    var gap = gaps.floorEntry(seq);
    return gap != null && seq <= gap.getValue();
  }

  private void recordApplied(long seq) {
    if (seq > appliedSeq) {
      if (seq > appliedSeq + 1) {
        gaps.put(appliedSeq + 1, seq - 1);
        while (gaps.size() > MAX_GAPS) {
          gaps.pollFirstEntry();
        }
      }
      appliedSeq = seq;
      return;
    }
    var gap = gaps.floorEntry(seq);
    gaps.remove(gap.getKey());
    if (gap.getKey() < seq) {
      gaps.put(gap.getKey(), seq - 1);
    }
    if (seq < gap.getValue()) {
      gaps.put(seq + 1, gap.getValue());
    }
  }

  /** Counts one segment; {@code keywords} are those of the spec at this moment. */
  void apply(MeetingEvent.Transcript segment, List<String> keywords) {
    List<String> words = TranscriptText.words(segment.text());
    String speaker = speakerName(segment.speaker());
    countWords(speaker, words.size());
    countKeywords(words, keywords);
    keepLine(
        new Line(segment.seq(), speaker, TranscriptText.clean(segment.text(), MAX_LINE_CHARS)));
    recordApplied(segment.seq());
    segments++;
  }

  /** Hits of each of {@code keywords}, zero for those not heard since they were added. */
  SortedMap<String, Long> hits(List<String> keywords) {
    SortedMap<String, Long> hits = new TreeMap<>();
    keywords.forEach(k -> hits.put(k, keywordHits.getOrDefault(k, 0L)));
    return hits;
  }

  /** Keeps the hits of {@code keywords} only, as the final summary reports them. */
  void settleKeywords(List<String> keywords) {
    SortedMap<String, Long> settled = hits(keywords);
    keywordHits.clear();
    keywordHits.putAll(settled);
  }

  /** Writes the state as it stands into a snapshot. */
  void writeState(ObjectNode state) {
    write(state, keywordHits);
  }

  /** Writes the live view for the HTTP API, with the hits of the spec's current keywords. */
  void writeLive(ObjectNode view, List<String> keywords) {
    write(view, hits(keywords));
  }

  /** Fills the transcript part of a summary. */
  void fill(MeetingSummary summary) {
    summary.setWordsBySpeaker(new LinkedHashMap<>(wordsBySpeaker));
    summary.setOtherSpeakersWords(otherSpeakersWords);
    summary.setKeywordHits(new LinkedHashMap<>(keywordHits));
    summary.setSegments(segments);
  }

  /** Reads the fields that {@link #writeState} wrote. */
  static TranscriptStats readFrom(JsonNode state) {
    TranscriptStats stats = new TranscriptStats();
    stats.appliedSeq = SnapshotFields.number(state, "appliedSeq");
    stats.segments = SnapshotFields.number(state, "segments");
    JsonNode gaps = state.get("gaps");
    if (gaps != null && gaps.isArray()) {
      gaps.forEach(g -> stats.gaps.put(g.get(0).asLong(), g.get(1).asLong()));
    }
    readCounts(SnapshotFields.object(state, "speakers"), "speakers", stats.wordsBySpeaker);
    stats.otherSpeakersWords = SnapshotFields.number(state, "otherSpeakersWords");
    readCounts(SnapshotFields.object(state, "keywordHits"), "keywordHits", stats.keywordHits);
    for (JsonNode line : SnapshotFields.array(state, "lastLines")) {
      stats.lastLines.add(readLine(line));
    }
    return stats;
  }

  private void write(ObjectNode out, Map<String, Long> hits) {
    out.put("appliedSeq", appliedSeq);
    var gapsJson = out.putArray("gaps");
    gaps.forEach((from, to) -> gapsJson.addArray().add(from).add(to));
    out.put("segments", segments);
    ObjectNode speakers = out.putObject("speakers");
    wordsBySpeaker.forEach(speakers::put);
    out.put("otherSpeakersWords", otherSpeakersWords);
    ObjectNode keywords = out.putObject("keywordHits");
    hits.forEach(keywords::put);
    ArrayNode lines = out.putArray("lastLines");
    for (Line line : lastLines) {
      lines
          .addObject()
          .put("seq", line.seq())
          .put("speaker", line.speaker())
          .put("text", line.text());
    }
  }

  private static String speakerName(String speaker) {
    String name = TranscriptText.clean(speaker, MAX_SPEAKER_CHARS);
    return name.isEmpty() ? UNKNOWN_SPEAKER : name;
  }

  private void countWords(String speaker, int words) {
    if (words == 0) {
      return;
    }
    if (wordsBySpeaker.containsKey(speaker) || wordsBySpeaker.size() < MAX_SPEAKERS) {
      wordsBySpeaker.merge(speaker, (long) words, Long::sum);
    } else {
      otherSpeakersWords += words;
    }
  }

  // Hits of keywords no longer in the spec are dropped here, which keeps the map bounded.
  private void countKeywords(List<String> words, List<String> keywords) {
    keywordHits.keySet().retainAll(keywords);
    for (String keyword : keywords) {
      long hits = TranscriptText.count(words, TranscriptText.words(keyword));
      keywordHits.merge(keyword, hits, Long::sum);
    }
  }

  private void keepLine(Line line) {
    lastLines.addLast(line);
    while (lastLines.size() > LAST_LINES) {
      lastLines.removeFirst();
    }
  }

  private static void readCounts(JsonNode counts, String field, Map<String, Long> into) {
    for (Map.Entry<String, JsonNode> count : counts.properties()) {
      into.put(count.getKey(), SnapshotFields.wholeNumber(count.getValue(), field));
    }
  }

  private static Line readLine(JsonNode line) {
    return new Line(
        SnapshotFields.number(line, "seq"),
        SnapshotFields.text(line, "speaker"),
        SnapshotFields.text(line, "text"));
  }
}
