package dev.baton.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTextTest {

  @Test
  void splitsWordsLowerCasedWithoutPunctuation() {
    assertThat(TranscriptText.words("Let's ship it -- NOW, ok?  Ça va; 42 items"))
        .containsExactly("let's", "ship", "it", "now", "ok", "ça", "va", "42", "items");
    assertThat(TranscriptText.words("  ... !! ")).isEmpty();
    assertThat(TranscriptText.words(null)).isEmpty();
  }

  @Test
  void readsTheTypographicApostropheAsThePlainOne() {
    assertThat(TranscriptText.words("Don’t")).containsExactly("don't");
  }

  @Test
  void countsWholePhrasesWithoutOverlaps() {
    List<String> words = TranscriptText.words("go live, go-live; going live; ha ha ha");

    assertThat(TranscriptText.count(words, List.of("go", "live"))).isEqualTo(2);
    assertThat(TranscriptText.count(words, List.of("live"))).isEqualTo(3);
    assertThat(TranscriptText.count(words, List.of("ha", "ha"))).isEqualTo(1);
    assertThat(TranscriptText.count(words, List.of("go"))).isEqualTo(2);
    assertThat(TranscriptText.count(words, List.of())).isZero();
  }

  @Test
  void cleanPutsTextOnOneLineAndCutsItWithAnEllipsis() {
    assertThat(TranscriptText.clean("  first\nsecond\t\u0000third  ", 100))
        .isEqualTo("first second third");
    assertThat(TranscriptText.clean("abcdefghij", 5)).isEqualTo("abcd…");
    assertThat(TranscriptText.clean("abcde", 5)).isEqualTo("abcde");
    assertThat(TranscriptText.clean(null, 5)).isEmpty();
  }

  @Test
  void cleanNeverSplitsOrKeepsHalfASurrogatePair() {
    String emoji = "\uD83D\uDE00";

    assertThat(TranscriptText.clean("ab" + emoji + "cdef", 4)).isEqualTo("ab…");
    assertThat(TranscriptText.clean("a\uD800b", 10)).isEqualTo("a\uFFFDb");
  }
}
