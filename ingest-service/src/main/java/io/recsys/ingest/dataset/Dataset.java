package io.recsys.ingest.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import java.util.Map;

/** The datasets that can be replayed, each with its catalogue and its events in replay order. */
public enum Dataset {

  /** MovieLens latest-small: 100,836 real ratings with real timestamps. */
  ML_LATEST_SMALL("ml-latest-small") {
    @Override
    public List<Movie> catalog(DatasetLocation location) {
      return MovieLensReader.latestSmallMovies(location.require("ml-latest-small/movies.csv"));
    }

    /** Ratings of movies missing from movies.csv are reported and left out. */
    @Override
    public List<Rating> events(DatasetLocation location, int maxUsers) {
      Set<Long> catalogued = new HashSet<>();
      catalog(location).forEach(m -> catalogued.add(m.movieId()));
      List<Rating> kept = new ArrayList<>(110_000);
      for (Rating r : MovieLensReader.latestSmallRatings(
          location.require("ml-latest-small/ratings.csv"))) {
        if (!catalogued.contains(r.movieId())) {
          log.warn("Skipping a rating of movie {} by user {}: the movie is not in movies.csv",
              r.movieId(), r.userId());
        } else if (maxUsers <= 0 || r.userId() <= maxUsers) {
          kept.add(r);
        }
      }
      return kept;
    }
  },

  /**
   * The SASRec split of ML-1M (train/input.txt): implicit interactions without ratings or
   * times, so times are synthetic, one second apart. Users are interleaved: every user's
   * first item, then every user's second, so all histories grow together as in live traffic.
   */
  ML_1M("ml-1m") {
    static final Instant SYNTHETIC_START = Instant.parse("2000-01-01T00:00:00Z");

    @Override
    public List<Movie> catalog(DatasetLocation location) {
      return MovieLensReader.ml1mMovies(location.require("ml-1m/movies.dat"));
    }

    @Override
    public List<Rating> events(DatasetLocation location, int maxUsers) {
      List<long[]> sequences = MovieLensReader.sasrecSequences(
          location.require("ml-1m-sasrec/train/input.txt"));
      Map<Long, Long> users = MovieLensReader.idMap(
          location.require("ml-1m-sasrec/sas_to_original_users.txt"));
      Map<Long, Long> items = MovieLensReader.idMap(
          location.require("ml-1m-sasrec/sas_to_original_items.txt"));
      int userCount = maxUsers > 0 ? Math.min(maxUsers, sequences.size()) : sequences.size();
      int longest = 0;
      for (int u = 0; u < userCount; u++) {
        longest = Math.max(longest, sequences.get(u).length);
      }
      List<Rating> events = new ArrayList<>(1_000_000);
      long time = SYNTHETIC_START.toEpochMilli();
      for (int step = 0; step < longest; step++) {
        for (int u = 0; u < userCount; u++) {
          long[] seq = sequences.get(u);
          if (step < seq.length) {
            long userId = translate(users, u + 1L, "user");
            long movieId = translate(items, seq[step], "item");
            events.add(new Rating(userId, movieId, null, time));
            time += 1000;
          }
        }
      }
      return events;
    }
  };

  private static final Logger log = LoggerFactory.getLogger(Dataset.class);

  private final String cliName;

  Dataset(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public abstract List<Movie> catalog(DatasetLocation location);

  /** Events in replay order; {@code maxUsers} > 0 keeps only the first users. */
  public abstract List<Rating> events(DatasetLocation location, int maxUsers);

  public static Dataset byName(String name) {
    for (Dataset d : values()) {
      if (d.cliName.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("Unknown dataset '" + name + "'; known: ml-latest-small, ml-1m");
  }

  private static long translate(Map<Long, Long> map, long sasId, String what) {
    Long original = map.get(sasId);
    if (original == null) {
      throw new IllegalStateException("The ML-1M id map has no " + what + " " + sasId);
    }
    return original;
  }
}
