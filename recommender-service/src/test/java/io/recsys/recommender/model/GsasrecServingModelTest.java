package io.recsys.recommender.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.index.filter.FilterSpec;
import io.recsys.recommender.e2e.ReferenceBundle;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real gSASRec model in service, on the reference fixture's small checkpoint. */
class GsasrecServingModelTest {

  @TempDir
  static Path work;

  private static GsasrecServingModel model;

  @BeforeAll
  static void load() throws Exception {
    model = ModelLoader.load(ReferenceBundle.write(work.resolve("bundle")), "EXACT");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static long movie(int r) {
    return ReferenceBundle.MOVIE_OFFSET + r;
  }

  @Test
  void unknownMoviesInAHistoryAreSkippedSoTheEmbeddingIsThatOfTheKnownOnes() {
    long unknown = 999_999;
    float[][] vectors = model.encode(List.of(
        new long[] {movie(3), movie(7), movie(11)},
        new long[] {unknown, movie(3), movie(7), unknown, movie(11)},
        new long[] {unknown}));
    assertThat(vectors[1]).containsExactly(vectors[0]);
    assertThat(vectors[2]).as("only unknown movies: no vector, popularity serves").isNull();
    assertThat(model.knows(unknown)).isFalse();
    assertThat(model.knows(movie(3))).isTrue();
  }

  @Test
  void recommendationsAreMovieIdsAndExcludeWhatTheFilterExcludes() {
    float[] user = model.encode(List.<long[]>of(new long[] {movie(1), movie(2)}))[0];
    var all = model.recommend(user, 5, FilterSpec.none());
    assertThat(all).hasSize(5).allSatisfy(m -> assertThat(m.movieId())
        .isBetween(movie(1), movie(ReferenceBundle.ITEMS)));
    long best = all.get(0).movieId();
    var without = model.recommend(user, 5, FilterSpec.none().withExcludedIds(Set.of(best)));
    assertThat(without).extracting(ServingModel.ScoredMovie::movieId).doesNotContain(best);
    assertThat(model.method()).isEqualTo("gsasrec+exact");
  }
}
