package io.recsys.ingest.dataset;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A catalogue entry as the datasets describe it; year is null where the title has none. */
public record Movie(long movieId, String title, List<String> genres, Integer year) {

  private static final Pattern TITLE_WITH_YEAR = Pattern.compile("^(.*?)\\s*\\((\\d{4})\\)\\s*$");
  private static final String NO_GENRES = "(no genres listed)";

  /** Splits MovieLens's "Title (1995)" and "A|B" genre lists into fields. */
  public static Movie parse(long movieId, String rawTitle, String rawGenres) {
    String title = rawTitle.strip();
    Integer year = null;
    Matcher m = TITLE_WITH_YEAR.matcher(title);
    if (m.matches()) {
      title = m.group(1);
      year = Integer.parseInt(m.group(2));
    }
    String genres = rawGenres == null ? "" : rawGenres.strip();
    List<String> genreList = genres.isEmpty() || genres.equals(NO_GENRES)
        ? List.of() : List.of(genres.split("\\|"));
    return new Movie(movieId, title, genreList, year);
  }
}
