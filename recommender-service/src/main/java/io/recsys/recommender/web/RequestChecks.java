package io.recsys.recommender.web;

import io.recsys.index.filter.FilterSpec;
import io.recsys.schemas.RatingRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Validates query bodies and turns them into domain values; collects every problem at once. */
final class RequestChecks {

  static final int MAX_GENRES = 64;
  static final int MAX_GENRE_LENGTH = 64;
  static final int MIN_YEAR = 1800;
  static final int MAX_YEAR = 3000;

  private final List<FieldProblem> problems = new ArrayList<>();
  private final int defaultK;
  private final int maxK;

  RequestChecks(int defaultK, int maxK) {
    this.defaultK = defaultK;
    this.maxK = maxK;
  }

  long id(String field, Long value) {
    if (value == null) {
      problems.add(new FieldProblem(field, "is required"));
      return 0;
    }
    if (value <= 0) {
      problems.add(new FieldProblem(field, "must be a positive id, was " + value));
    }
    return value;
  }

  int k(Integer k) {
    if (k == null) {
      return defaultK;
    }
    if (k < 1 || k > maxK) {
      problems.add(new FieldProblem("k", "must be between 1 and " + maxK + ", was " + k));
    }
    return k;
  }

  Float rating(Double rating) {
    if (rating == null) {
      return null;
    }
    String problem = RatingRules.ratingProblem(rating.floatValue());
    if (problem == null && rating.floatValue() != rating) {
      problem = "must be in half steps (0.5, 1.0, ... 5.0), was " + rating;
    }
    if (problem != null) {
      problems.add(new FieldProblem("rating", problem));
    }
    return rating.floatValue();
  }

  FilterSpec filters(QueryRequests.Filters f) {
    if (f == null) {
      return FilterSpec.none();
    }
    List<String> genres = f.genres() == null ? List.of() : f.genres();
    if (genres.size() > MAX_GENRES) {
      problems.add(new FieldProblem("filters.genres", "at most " + MAX_GENRES + " genres"));
    }
    for (String g : genres) {
      if (g == null || g.isBlank() || g.length() > MAX_GENRE_LENGTH) {
        problems.add(new FieldProblem("filters.genres",
            "each genre is a non-blank name of at most " + MAX_GENRE_LENGTH + " characters"));
        break;
      }
    }
    year("filters.year_min", f.yearMin());
    year("filters.year_max", f.yearMax());
    if (f.yearMin() != null && f.yearMax() != null && f.yearMin() > f.yearMax()) {
      problems.add(new FieldProblem("filters.year_min", "is after filters.year_max"));
    }
    Double min = f.ratingMin();
    if (min != null && (!Double.isFinite(min) || min < 0 || min > 5)) {
      problems.add(new FieldProblem("filters.rating_min", "must be between 0 and 5, was " + min));
    }
    if (!problems.isEmpty()) {
      return FilterSpec.none();
    }
    return new FilterSpec(new HashSet<>(genres), f.yearMin(), f.yearMax(),
        min == null ? null : min.floatValue(), null);
  }

  private void year(String field, Integer year) {
    if (year != null && (year < MIN_YEAR || year > MAX_YEAR)) {
      problems.add(new FieldProblem(field, "must be between " + MIN_YEAR + " and " + MAX_YEAR
          + ", was " + year));
    }
  }

  void require(boolean condition, String field, String message) {
    if (!condition) {
      problems.add(new FieldProblem(field, message));
    }
  }

  /** Throws when anything was wrong. */
  void done() {
    if (!problems.isEmpty()) {
      throw new BadRequestException(problems);
    }
  }
}
