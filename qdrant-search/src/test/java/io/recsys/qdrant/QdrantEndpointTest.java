package io.recsys.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QdrantEndpointTest {

  @Test
  void parsesTheGrpcEndpoint() {
    assertThat(QdrantEndpoint.parse("http://localhost:6334"))
        .isEqualTo(new QdrantEndpoint("localhost", 6334, false));
    assertThat(QdrantEndpoint.parse("https://q.example:7000"))
        .isEqualTo(new QdrantEndpoint("q.example", 7000, true));
    assertThat(QdrantEndpoint.parse("qdrant")).isEqualTo(new QdrantEndpoint("qdrant", 6334, false));
    assertThatThrownBy(() -> QdrantEndpoint.parse("ftp://x")).hasMessageContaining("not a Qdrant URL");
  }
}
