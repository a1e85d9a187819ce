package dev.baton.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.AgendaItem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgendaPositionTest {

  private static final List<AgendaItem> AGENDA =
      List.of(new AgendaItem("Intro", 5), new AgendaItem("Demo", 10), new AgendaItem("Q&A", 5));

  private static AgendaPosition after(Duration elapsed) {
    return AgendaPosition.at(AGENDA, elapsed);
  }

  @Test
  void followsTheItemsInOrder() {
    assertThat(after(Duration.ZERO)).isEqualTo(new AgendaPosition(3, 0, 0, "Intro", 300, 0));
    assertThat(after(Duration.ofSeconds(299)))
        .isEqualTo(new AgendaPosition(3, 299, 0, "Intro", 1, 0));
    assertThat(after(Duration.ofMinutes(5)))
        .isEqualTo(new AgendaPosition(3, 300, 1, "Demo", 600, 0));
    assertThat(after(Duration.ofMinutes(19)))
        .isEqualTo(new AgendaPosition(3, 1140, 2, "Q&A", 60, 0));
  }

  @Test
  void countsOverrunPastTheLastItem() {
    AgendaPosition end = after(Duration.ofMinutes(20));
    AgendaPosition late = after(Duration.ofMinutes(27).plusSeconds(30));

    assertThat(end.overrun()).isTrue();
    assertThat(end).isEqualTo(new AgendaPosition(3, 1200, 3, null, 0, 0));
    assertThat(late).isEqualTo(new AgendaPosition(3, 1650, 3, null, 0, 450));
  }

  @Test
  void anEmptyAgendaIsAllOverrun() {
    assertThat(AgendaPosition.at(null, Duration.ofSeconds(90)))
        .isEqualTo(new AgendaPosition(0, 90, 0, null, 0, 90));
  }

  @Test
  void showsTheCurrentItemOrNullInJson() {
    assertThat(after(Duration.ofMinutes(6)).toJson().toString())
        .isEqualTo(
            "{\"items\":3,\"elapsedSeconds\":360,"
                + "\"current\":{\"index\":1,\"title\":\"Demo\",\"secondsLeft\":540},"
                + "\"overrunSeconds\":0}");
    assertThat(after(Duration.ofMinutes(21)).toJson().get("current").isNull()).isTrue();
  }
}
