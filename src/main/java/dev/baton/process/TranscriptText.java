package dev.baton.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits transcript text into words, and tidies text before a snapshot keeps it. */
final class TranscriptText {

  // A word is a run of letters, digits or combining marks; inner apostrophes keep "don't" whole.
  private static final Pattern WORD =
      Pattern.compile("[\\p{L}\\p{N}\\p{M}]+(?:'[\\p{L}\\p{N}\\p{M}]+)*");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final char ELLIPSIS = '\u2026';
  private static final char REPLACEMENT = '\uFFFD';

  private TranscriptText() {}

  /** The words of {@code text}, lower-cased, in order; empty for null. */
  static List<String> words(String text) {
    if (text == null) {
      return List.of();
    }
    // The typographic apostrophe counts as the plain one, so "don’t" matches the keyword "don't".
    String folded = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    List<String> words = new ArrayList<>();
    Matcher word = WORD.matcher(folded);
    while (word.find()) {
      words.add(word.group());
    }
    return words;
  }

  /** How often {@code phrase} occurs in {@code words} as whole words, overlaps not counted. */
  static long count(List<String> words, List<String> phrase) {
    if (phrase.isEmpty()) {
      return 0;
    }
    long hits = 0;
    int at = 0;
    while (at + phrase.size() <= words.size()) {
      if (words.subList(at, at + phrase.size()).equals(phrase)) {
        hits++;
        at += phrase.size();
      } else {
        at++;
      }
    }
    return hits;
  }

  /**
   * {@code text} on one line and cut to {@code maxChars}, with an ellipsis when cut. Control
   * characters become spaces, since JSON spends six bytes on each and the size bound assumes at
   * most three per character. Lone surrogates become U+FFFD, which is what the API server stores
   * for them, so that the state reads back unchanged after a handoff.
   */
  static String clean(String text, int maxChars) {
    if (text == null) {
      return "";
    }
    StringBuilder tidy = new StringBuilder(Math.min(text.length(), maxChars * 2));
    text.codePoints().forEach(c -> tidy.appendCodePoint(tidy(c)));
    return clip(SPACES.matcher(tidy).replaceAll(" ").strip(), maxChars);
  }

  private static int tidy(int codePoint) {
    if (Character.isISOControl(codePoint)) {
      return ' ';
    }
    return Character.getType(codePoint) == Character.SURROGATE ? REPLACEMENT : codePoint;
  }

  private static String clip(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int cut = maxChars - 1;
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut) + ELLIPSIS;
  }
}
