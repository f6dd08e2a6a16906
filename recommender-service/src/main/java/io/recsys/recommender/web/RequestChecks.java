package io.recsys.recommender.web;

import io.recsys.index.filter.FilterSpec;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.schemas.RatingRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Validates query bodies and turns them into domain values; collects every problem at once.
 * The limits (k, list sizes, string lengths) are those of {@link RecommenderProperties}.
 */
final class RequestChecks {

  /** The prototype's k when a request gives none. */
  static final int DEFAULT_K = 10;
  static final int MIN_YEAR = 1800;
  static final int MAX_YEAR = 3000;

  private final List<FieldProblem> problems = new ArrayList<>();
  private final int maxK;
  private final int maxFilterValues;
  private final int maxStringLength;

  RequestChecks(int maxK, int maxFilterValues, int maxStringLength) {
    this.maxK = maxK;
    this.maxFilterValues = maxFilterValues;
    this.maxStringLength = maxStringLength;
  }

  static RequestChecks of(RecommenderProperties props) {
    return new RequestChecks(props.maxK(), props.maxFilterValues(), props.maxStringLength());
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

  /**
   * A list of ids: present, not empty, at most {@code max} long (a longer list is reported as
   * a whole, its items are not checked one by one), every item a positive id.
   */
  void ids(String field, List<Long> ids, int max) {
    if (ids == null || ids.isEmpty()) {
      problems.add(new FieldProblem(field, "must list at least one id"));
    } else if (ids.size() > max) {
      problems.add(new FieldProblem(field, "lists at most " + max + " ids, had " + ids.size()));
    } else {
      for (int i = 0; i < ids.size(); i++) {
        id(field + "[" + i + "]", ids.get(i));
      }
    }
  }

  int k(Integer k) {
    if (k == null) {
      return DEFAULT_K;
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
    int before = problems.size();
    List<String> genres = f.genres() == null ? List.of() : f.genres();
    if (genres.size() > maxFilterValues) {
      problems.add(new FieldProblem("filters.genres", "lists at most " + maxFilterValues
          + " genres, had " + genres.size()));
    } else {
      for (int i = 0; i < genres.size(); i++) {
        String g = genres.get(i);
        if (g == null || g.isBlank() || g.length() > maxStringLength) {
          problems.add(new FieldProblem("filters.genres", "each genre is a non-blank name of at "
              + "most " + maxStringLength + " characters; item " + i + " is "
              + (g == null ? "null" : g.isBlank() ? "blank" : g.length() + " characters long")));
          break;
        }
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
    if (problems.size() > before) {
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

  /** Throws when anything was wrong. */
  void done() {
    if (!problems.isEmpty()) {
      throw new BadRequestException(problems);
    }
  }
}
