package io.recsys.recommender.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.index.filter.IdSet;
import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.history.UserHistory.Interaction;
import io.recsys.recommender.query.UserStateCache.UserState;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.UserEmbedding;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class UserStateCacheTest {

  private static final long USER = 7;

  private final UserStateCache cache = new UserStateCache(1_000);
  private final AtomicInteger reads = new AtomicInteger();

  @Test
  void aMissReadsTheStoresOnceAndKeepsWhatItRead() {
    UserState first = cache.get(USER, reader(state(1, 2), null));
    UserState second = cache.get(USER, reader(state(9), null));
    assertThat(reads).hasValue(1);
    assertThat(second).isSameAs(first);
    assertThat(second.seen()).isEqualTo(IdSet.of(1, 2));
  }

  @Test
  void anAppliedEventDropsTheUserAndARecomputationPutsTheNewState() {
    cache.get(USER, reader(state(1), null));
    cache.eventApplied(event(USER));
    assertThat(cache.get(USER, reader(state(1, 2), null)).seen()).isEqualTo(IdSet.of(1, 2));
    assertThat(reads).hasValue(2);

    cache.recomputed(history(1, 2, 3), embedding(USER, "m2"), null);
    UserState now = cache.get(USER, reader(state(9), null));
    assertThat(reads).hasValue(2);
    assertThat(now.seen()).isEqualTo(IdSet.of(1, 2, 3));
    assertThat(now.modelVersion()).isEqualTo("m2");
    assertThat(now.vector()).containsExactly(0.5f, -0.5f);
  }

  @Test
  void aReadThatRacedAStreamChangeIsAnsweredButNotKept() {
    UserState read = cache.get(USER, reader(state(1), () -> cache.eventApplied(event(USER))));
    assertThat(read.seen()).isEqualTo(IdSet.of(1));
    cache.get(USER, reader(state(1, 2), null));
    assertThat(reads).hasValue(2);
  }

  @Test
  void aReadThatRacedAClearIsNotKept() {
    cache.get(USER, reader(state(1), cache::clear));
    cache.get(USER, reader(state(1), null));
    assertThat(reads).hasValue(2);
  }

  @Test
  void clearForgetsEveryone() {
    cache.get(USER, reader(state(1), null));
    cache.recomputed(history(4), embedding(USER + 1, "m1"), null);
    cache.clear();
    cache.get(USER, reader(state(1), null));
    cache.get(USER + 1, reader(state(4), null));
    assertThat(reads).hasValue(3);
  }

  @Test
  void aUserWithoutStateIsNotKept() {
    assertThat(cache.get(USER, reader(null, null))).isNull();
    assertThat(cache.get(USER, reader(null, null))).isNull();
    assertThat(reads).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void stateOfAHistoryWithoutEmbeddingHasNoVector() {
    UserState s = UserState.of(history(3, 1, 3), null);
    assertThat(s.seen()).isEqualTo(IdSet.of(1, 3));
    assertThat(s.vector()).isNull();
    assertThat(s.modelVersion()).isNull();
  }

  /** Counts reads; {@code during} runs while "reading", as a concurrent stream write would. */
  private LongFunction<UserState> reader(UserState answer, Runnable during) {
    return id -> {
      reads.incrementAndGet();
      if (during != null) {
        during.run();
      }
      return answer;
    };
  }

  private static UserState state(long... seen) {
    return new UserState(IdSet.of(seen), new float[] {1f}, "m1");
  }

  private static UserHistory history(long... movies) {
    UserHistory h = new UserHistory(200);
    for (int i = 0; i < movies.length; i++) {
      h.add(Interaction.of("e" + i, movies[i], 4f, 1_000L * i));
    }
    return h;
  }

  private static UserEmbedding embedding(long user, String version) {
    return new UserEmbedding(user, version, List.of(0.5f, -0.5f), 3, Instant.EPOCH, Instant.EPOCH);
  }

  private static RatingEvent event(long user) {
    return new RatingEvent("x", user, 1L, 4f, Instant.EPOCH, EventSource.TEST);
  }
}
