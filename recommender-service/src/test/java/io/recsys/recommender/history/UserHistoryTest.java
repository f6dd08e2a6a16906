package io.recsys.recommender.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.recommender.history.UserHistory.Interaction;
import org.junit.jupiter.api.Test;

class UserHistoryTest {

  private static Interaction at(String id, long movie, long time) {
    return Interaction.of(id, movie, 4.0f, time);
  }

  @Test
  void keepsEventTimeOrderAndInsertsLateEventsInPlace() {
    UserHistory h = new UserHistory(10);
    assertThat(h.add(at("a", 1, 100))).isTrue();
    assertThat(h.add(at("c", 3, 300))).isTrue();
    assertThat(h.add(at("b", 2, 200))).isTrue();
    assertThat(h.movieIds()).containsExactly(1, 2, 3);
    assertThat(h.newestTimeMillis()).isEqualTo(300);
  }

  @Test
  void ignoresRepeatedEventIds() {
    UserHistory h = new UserHistory(10);
    h.add(at("a", 1, 100));
    assertThat(h.add(at("a", 1, 100))).isFalse();
    assertThat(h.add(at("a", 9, 500))).isFalse();
    assertThat(h.size()).isEqualTo(1);
  }

  @Test
  void equalTimesHaveOneOrderWhateverTheArrival() {
    UserHistory first = new UserHistory(10);
    first.add(at("y", 2, 100));
    first.add(at("x", 1, 100));
    UserHistory second = new UserHistory(10);
    second.add(at("x", 1, 100));
    second.add(at("y", 2, 100));
    assertThat(first.movieIds()).containsExactly(second.movieIds());
  }

  @Test
  void keepsOnlyTheNewestCapacityInteractions() {
    UserHistory h = new UserHistory(3);
    for (int i = 1; i <= 5; i++) {
      h.add(at("e" + i, i, i * 10L));
    }
    assertThat(h.movieIds()).containsExactly(3, 4, 5);
    assertThat(h.add(at("old", 99, 1))).isFalse();
    assertThat(h.movieIds()).containsExactly(3, 4, 5);
  }

  @Test
  void restoresFromAStoredList() {
    UserHistory h = new UserHistory(5);
    h.add(at("a", 1, 1));
    h.add(at("b", 2, 2));
    assertThat(UserHistory.of(5, h.interactions()).movieIds()).containsExactly(1, 2);
    assertThatThrownBy(() -> new UserHistory(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
