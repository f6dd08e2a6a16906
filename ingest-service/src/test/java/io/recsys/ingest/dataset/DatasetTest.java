package io.recsys.ingest.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

  private final DatasetLocation location = DatasetLocation.fromEnvironment();

  @Test
  void parsesTitlesYearsAndGenres() {
    assertThat(Movie.parse(1, "Toy Story (1995)", "Animation|Children's|Comedy"))
        .isEqualTo(new Movie(1, "Toy Story", List.of("Animation", "Children's", "Comedy"), 1995));
    assertThat(Movie.parse(2, "Babylon 5", "Sci-Fi").year()).isNull();
    assertThat(Movie.parse(3, "Paterson", "(no genres listed)").genres()).isEmpty();
    assertThat(Movie.parse(4, "Some Film (2016) ", "Drama").year()).isEqualTo(2016);
  }

  @Test
  void splitsQuotedCsvFields() {
    assertThat(CsvLine.split("11,\"American President, The (1995)\",Comedy|Drama"))
        .containsExactly("11", "American President, The (1995)", "Comedy|Drama");
    assertThat(CsvLine.split("1,\"A \"\"quoted\"\" title\",X"))
        .containsExactly("1", "A \"quoted\" title", "X");
  }

  /** The file also holds a rating of a movie missing from movies.csv; that one is left out. */
  @Test
  void latestSmallHasAllRatingsInTimeOrder() {
    List<Rating> ratings = Dataset.ML_LATEST_SMALL.events(location, 0);
    assertThat(ratings).hasSize(100_836);
    for (int i = 1; i < ratings.size(); i++) {
      assertThat(ratings.get(i).timeMillis()).isGreaterThanOrEqualTo(ratings.get(i - 1).timeMillis());
    }
    assertThat(ratings).allSatisfy(r -> assertThat(r.rating()).isBetween(0.5f, 5.0f));
    assertThat(Dataset.ML_LATEST_SMALL.catalog(location)).hasSize(9_742);
  }

  @Test
  void ml1mIsTheSasrecTrainSplitInMovieLensIds() {
    List<Rating> events = Dataset.ML_1M.events(location, 0);
    assertThat(events).hasSize(987_019);
    assertThat(events).allSatisfy(r -> assertThat(r.rating()).isNull());
    assertThat(events.stream().mapToLong(Rating::userId).distinct().count()).isEqualTo(6_040);
    List<Movie> catalog = Dataset.ML_1M.catalog(location);
    assertThat(catalog).hasSize(3_883);
    assertThat(catalog).anySatisfy(m -> assertThat(m.title()).contains("Misérables"));
    // every replayed movie is in the catalogue
    var ids = catalog.stream().map(Movie::movieId).collect(java.util.stream.Collectors.toSet());
    assertThat(events).allSatisfy(r -> assertThat(ids).contains(r.movieId()));
  }

  @Test
  void userLimitKeepsTheFirstUsers() {
    assertThat(Dataset.ML_1M.events(location, 10).stream().mapToLong(Rating::userId).distinct()
        .count()).isEqualTo(10);
  }

  @Test
  void missingDatasetNamesThePathAndTheSetting() {
    DatasetLocation nowhere = new DatasetLocation(Path.of("/nonexistent/datasets"));
    assertThatThrownBy(() -> Dataset.ML_1M.catalog(nowhere))
        .hasMessageContaining("/nonexistent/datasets/ml-1m/movies.dat")
        .hasMessageContaining("recsys.datasets");
  }

  @Test
  void unknownDatasetNameIsRefused() {
    assertThatThrownBy(() -> Dataset.byName("ml-20m")).hasMessageContaining("ml-latest-small, ml-1m");
    assertThat(Dataset.byName("ml-1m")).isEqualTo(Dataset.ML_1M);
  }
}
