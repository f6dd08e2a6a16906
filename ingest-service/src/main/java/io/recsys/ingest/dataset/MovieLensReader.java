package io.recsys.ingest.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the MovieLens files in {@code ../shared/datasets} into plain records. */
public final class MovieLensReader {

  private MovieLensReader() {
  }

  /** ML-1M's movies.dat: {@code id::Title (Year)::A|B}, ISO-8859-1 encoded. */
  public static List<Movie> ml1mMovies(Path moviesDat) {
    List<Movie> movies = new ArrayList<>();
    forEachLine(moviesDat, true, (line, number) -> {
      String[] parts = line.split("::", -1);
      if (parts.length != 3) {
        throw malformed(moviesDat, number, "expected id::title::genres");
      }
      movies.add(Movie.parse(Long.parseLong(parts[0]), parts[1], parts[2]));
    });
    return movies;
  }

  /** ml-latest-small's movies.csv: {@code movieId,title,genres} with quoted titles. */
  public static List<Movie> latestSmallMovies(Path moviesCsv) {
    List<Movie> movies = new ArrayList<>();
    forEachLine(moviesCsv, false, (line, number) -> {
      if (number == 1) {
        return; // header
      }
      List<String> fields = CsvLine.split(line);
      if (fields.size() != 3) {
        throw malformed(moviesCsv, number, "expected movieId,title,genres");
      }
      movies.add(Movie.parse(Long.parseLong(fields.get(0)), fields.get(1), fields.get(2)));
    });
    return movies;
  }

  /** ml-latest-small's ratings.csv, in timestamp order (file order among equal times). */
  public static List<Rating> latestSmallRatings(Path ratingsCsv) {
    List<Rating> ratings = new ArrayList<>(110_000);
    forEachLine(ratingsCsv, false, (line, number) -> {
      if (number == 1) {
        return;
      }
      String[] f = line.split(",", -1);
      if (f.length != 4) {
        throw malformed(ratingsCsv, number, "expected userId,movieId,rating,timestamp");
      }
      ratings.add(new Rating(Long.parseLong(f[0]), Long.parseLong(f[1]), Float.parseFloat(f[2]),
          Long.parseLong(f[3]) * 1000L));
    });
    ratings.sort(Comparator.comparingLong(Rating::timeMillis)); // stable: ties keep file order
    return ratings;
  }

  /**
   * A SASRec-format file (one user a line, re-numbered item ids oldest first), translated to
   * MovieLens ids with the split's id maps. Line i belongs to re-numbered user i.
   */
  public static List<long[]> sasrecSequences(Path inputTxt) {
    List<long[]> sequences = new ArrayList<>(6_100);
    forEachLine(inputTxt, false, (line, number) -> {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        sequences.add(new long[0]);
        return;
      }
      String[] ids = trimmed.split("\\s+");
      long[] seq = new long[ids.length];
      for (int i = 0; i < ids.length; i++) {
        seq[i] = Long.parseLong(ids[i]);
      }
      sequences.add(seq);
    });
    return sequences;
  }

  /** A {@code sas_id original_id} map file. */
  public static Map<Long, Long> idMap(Path mapFile) {
    Map<Long, Long> map = new HashMap<>();
    forEachLine(mapFile, false, (line, number) -> {
      String[] f = line.strip().split("\\s+");
      if (f.length != 2) {
        throw malformed(mapFile, number, "expected 'sas_id original_id'");
      }
      map.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
    });
    return map;
  }

  private interface LineConsumer {
    void accept(String line, int number);
  }

  private static void forEachLine(Path file, boolean latin1, LineConsumer consumer) {
    try (BufferedReader reader = Files.newBufferedReader(file,
        latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isEmpty() && !file.getFileName().toString().endsWith(".txt")) {
          continue;
        }
        try {
          consumer.accept(line, number);
        } catch (NumberFormatException e) {
          throw malformed(file, number, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private static IllegalStateException malformed(Path file, int line, String why) {
    return new IllegalStateException(file + ":" + line + ": malformed line (" + why + ")");
  }
}
