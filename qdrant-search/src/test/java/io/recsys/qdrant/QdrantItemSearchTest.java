package io.recsys.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.index.filter.FilterSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QdrantItemSearchTest {

  @Test
  void aFilteredQueryCarriesThePayloadConditions() {
    var request = QdrantItemSearch.request("items", new float[] {0.5f, -1f}, 10,
        QdrantFilters.toFilter(FilterSpec.none().withGenresAnyOf(List.of("Action"))
            .withYearRange(1990, null)), true);
    assertThat(request.getCollectionName()).isEqualTo("items");
    assertThat(request.getVectorList()).containsExactly(0.5f, -1f);
    assertThat(request.getLimit()).isEqualTo(10);
    assertThat(request.getParams().getExact()).isTrue();
    assertThat(request.getFilter().getMustList()).extracting(c -> c.getField().getKey())
        .containsExactly("genres", "year");
    assertThat(QdrantItemSearch.request("items", new float[] {1}, 3,
        QdrantFilters.toFilter(FilterSpec.none()), false).hasFilter()).isFalse();
    assertThatThrownBy(() -> QdrantItemSearch.request("items", new float[] {1}, 0, null, false))
        .hasMessageContaining("k must be positive");
  }

  @Test
  void anUnreachableServerIsAnUnavailableErrorNotAHang() {
    // a real client against a port nothing listens on
    try (var client = QdrantEndpoint.connect("http://127.0.0.1:1", "", Duration.ofSeconds(2))) {
      QdrantItemSearch search = new QdrantItemSearch(client, true, Duration.ofSeconds(2));
      assertThatThrownBy(() -> search.search("items", new float[] {1, 0}, 3, FilterSpec.none()))
          .isInstanceOf(QdrantItemSearch.QdrantUnavailableException.class)
          .hasMessageContaining("search on items failed");
    }
  }
}
