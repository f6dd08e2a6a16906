package io.recsys.qdrant;

import static org.assertj.core.api.Assertions.assertThat;

import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.recsys.index.IdFilter;
import io.recsys.index.IdMapping;
import io.recsys.index.filter.FilterSpec;
import io.recsys.index.filter.IdSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QdrantFiltersTest {

  @Test
  void noConstraintSendsNoFilter() {
    assertThat(QdrantFilters.toFilter(null)).isNull();
    assertThat(QdrantFilters.toFilter(FilterSpec.none())).isNull();
  }

  @Test
  void genresMatchAnyOfInAStableOrder() {
    Filter filter = QdrantFilters.toFilter(FilterSpec.none().withGenresAnyOf(Set.of("Drama", "Action")));
    assertThat(filter.getMustList()).singleElement().satisfies(c -> {
      assertThat(c.getField().getKey()).isEqualTo("genres");
      assertThat(c.getField().getMatch().getKeywords().getStringsList())
          .containsExactly("Action", "Drama");
    });
    assertThat(filter.getMustNotList()).isEmpty();
    assertThat(filter).isEqualTo(QdrantFilters.toFilter(
        FilterSpec.none().withGenresAnyOf(List.of("Action", "Drama"))));
  }

  @Test
  void yearBoundsAreInclusiveAndEitherMayBeOpen() {
    Condition both = QdrantFilters.toFilter(FilterSpec.none().withYearRange(1990, 1999)).getMust(0);
    assertThat(both.getField().getKey()).isEqualTo("year");
    assertThat(both.getField().getRange().getGte()).isEqualTo(1990);
    assertThat(both.getField().getRange().getLte()).isEqualTo(1999);
    assertThat(both.getField().getRange().hasGt()).isFalse();

    Condition from = QdrantFilters.toFilter(FilterSpec.none().withYearRange(2000, null)).getMust(0);
    assertThat(from.getField().getRange().hasGte()).isTrue();
    assertThat(from.getField().getRange().hasLte()).isFalse();
  }

  @Test
  void ratingMinBoundsTheAverageRatingAndSeenItemsAreExcludedById() {
    Filter filter = QdrantFilters.toFilter(FilterSpec.none().withMinAvgRating(3.5f)
        .withExcludedIds(List.of(30L, 10L, 20L)));
    assertThat(filter.getMust(0).getField().getKey()).isEqualTo("avg_rating");
    assertThat(filter.getMust(0).getField().getRange().getGte()).isEqualTo(3.5);
    assertThat(filter.getMustNotList()).singleElement().satisfies(c ->
        assertThat(c.getHasId().getHasIdList()).extracting(id -> id.getNum())
            .containsExactly(10L, 20L, 30L));
  }

  @Test
  void idFiltersSendTheSmallerSideAsPointIds() {
    IdMapping ids = IdMapping.of(new long[] {10, 11, 12, 13, 14});
    assertThat(QdrantFilters.toFilter(IdFilter.allowAll(ids), ids)).isNull();
    Filter few = QdrantFilters.toFilter(IdFilter.allowing(ids, 12L, 14L), ids);
    assertThat(few.getMust(0).getHasId().getHasIdList()).extracting(id -> id.getNum())
        .containsExactly(12L, 14L);
    Filter most = QdrantFilters.toFilter(IdFilter.excluding(ids, 11L), ids);
    assertThat(most.getMustList()).isEmpty();
    assertThat(most.getMustNot(0).getHasId().getHasIdList()).extracting(id -> id.getNum())
        .containsExactly(11L);
  }

  @Test
  void everyConstraintTogetherIsAConjunction() {
    Filter filter = QdrantFilters.toFilter(new FilterSpec(Set.of("Comedy"), 1980, 1989, 4f,
        IdSet.of(5L)));
    assertThat(filter.getMustList()).extracting(c -> c.getField().getKey())
        .containsExactly("genres", "year", "avg_rating");
    assertThat(filter.getMustNotCount()).isEqualTo(1);
    assertThat(filter.getShouldCount()).isZero();
  }
}
