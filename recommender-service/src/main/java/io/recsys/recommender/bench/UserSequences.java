package io.recsys.recommender.bench;

import io.recsys.gsasrec.SasrecFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Users' interaction sequences in MovieLens ids, oldest first, and the replay order of their
 * events: every user's first item, then every user's second, and so on, so all histories
 * grow together as in live traffic (the order ingest-service's replay uses too).
 */
public record UserSequences(long[] userIds, List<long[]> movies) {

  /** One event of the replay order: a user and a movie, and its step in the user's sequence. */
  public record Step(long userId, long movieId, int step, boolean last) {
  }

  public UserSequences {
    if (userIds.length != movies.size()) {
      throw new IllegalArgumentException(userIds.length + " users but " + movies.size()
          + " sequences");
    }
  }

  /**
   * The ML-1M SASRec training split ({@code ml-1m-sasrec/train/input.txt}) under a datasets
   * directory, translated back to MovieLens user and movie ids.
   */
  public static UserSequences ml1m(Path datasets) throws IOException {
    Path dir = datasets.resolve("ml-1m-sasrec");
    List<int[]> rows = SasrecFiles.readSequences(dir.resolve("train/input.txt"));
    Map<Long, Long> users = idMap(dir.resolve("sas_to_original_users.txt"));
    Map<Long, Long> items = idMap(dir.resolve("sas_to_original_items.txt"));
    long[] userIds = new long[rows.size()];
    List<long[]> movies = new ArrayList<>(rows.size());
    for (int u = 0; u < rows.size(); u++) {
      userIds[u] = translate(users, u + 1, "user", dir);
      int[] row = rows.get(u);
      long[] seq = new long[row.length];
      for (int i = 0; i < row.length; i++) {
        seq[i] = translate(items, row[i], "item", dir);
      }
      movies.add(seq);
    }
    return new UserSequences(userIds, movies);
  }

  /** Where the datasets are: {@code -Drecsys.datasets}, {@code RECSYS_DATASETS}, or ../shared/datasets. */
  public static Path defaultDatasets() {
    String configured = System.getProperty("recsys.datasets");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("RECSYS_DATASETS");
    }
    return Path.of(configured == null || configured.isBlank() ? "../shared/datasets"
        : configured);
  }

  /** The first {@code n} users only (all when n <= 0 or more than there are). */
  public UserSequences firstUsers(int n) {
    if (n <= 0 || n >= userIds.length) {
      return this;
    }
    return new UserSequences(java.util.Arrays.copyOf(userIds, n), movies.subList(0, n));
  }

  public int users() {
    return userIds.length;
  }

  public long events() {
    long n = 0;
    for (long[] m : movies) {
      n += m.length;
    }
    return n;
  }

  /** All events in replay order. */
  public List<Step> replayOrder() {
    int longest = 0;
    for (long[] m : movies) {
      longest = Math.max(longest, m.length);
    }
    List<Step> steps = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, events()));
    for (int s = 0; s < longest; s++) {
      for (int u = 0; u < userIds.length; u++) {
        long[] m = movies.get(u);
        if (s < m.length) {
          steps.add(new Step(userIds[u], m[s], s, s == m.length - 1));
        }
      }
    }
    return steps;
  }

  private static Map<Long, Long> idMap(Path file) throws IOException {
    Map<Long, Long> map = new HashMap<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      String t = line.trim();
      if (t.isEmpty()) {
        continue;
      }
      String[] parts = t.split("\\s+");
      if (parts.length != 2) {
        throw new IOException(file + " line " + lineNo + ": expected 'sas_id original_id'");
      }
      map.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
    return map;
  }

  private static long translate(Map<Long, Long> map, long id, String what, Path dir)
      throws IOException {
    Long original = map.get(id);
    if (original == null) {
      throw new IOException("The id maps in " + dir + " have no " + what + " " + id);
    }
    return original;
  }
}
