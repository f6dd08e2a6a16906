package io.recsys.recommender.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserSequencesTest {

  @Test
  void replayOrderInterleavesUsersStepByStepAndMarksEachUsersLastEvent() {
    UserSequences data = new UserSequences(new long[] {7, 9},
        List.of(new long[] {1, 2, 3}, new long[] {4}));
    assertThat(data.replayOrder()).containsExactly(
        new UserSequences.Step(7, 1, 0, false), new UserSequences.Step(9, 4, 0, true),
        new UserSequences.Step(7, 2, 1, false), new UserSequences.Step(7, 3, 2, true));
    assertThat(data.events()).isEqualTo(4);
    assertThat(data.firstUsers(1).userIds()).containsExactly(7);
  }

  @Test
  void readsTheMl1mSplitInMovieLensIds() throws Exception {
    Path datasets = UserSequences.defaultDatasets();
    assumeTrue(Files.isRegularFile(datasets.resolve("ml-1m-sasrec/train/input.txt")),
        "the ML-1M SASRec split is not at " + datasets.toAbsolutePath()
            + " (set -Drecsys.datasets)");
    UserSequences data = UserSequences.ml1m(datasets);
    assertThat(data.users()).isEqualTo(6_040);
    assertThat(data.events()).isEqualTo(987_019);
    // MovieLens ids: users 1..6040, movies 1..3952 (the re-numbered ids stop at 3416)
    assertThat(java.util.Arrays.stream(data.userIds()).min().getAsLong()).isEqualTo(1L);
    assertThat(java.util.Arrays.stream(data.userIds()).max().getAsLong()).isEqualTo(6_040L);
    long maxMovie = data.movies().stream().flatMapToLong(java.util.Arrays::stream).max()
        .getAsLong();
    assertThat(maxMovie).isGreaterThan(3_416L).isLessThanOrEqualTo(3_952L);
  }
}
