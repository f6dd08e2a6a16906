package io.recsys.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.index.IndexKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncPropertiesTest {

  private static SyncProperties withKinds(String... kinds) {
    return new SyncProperties(Path.of("s"), List.of(kinds), false, 6, Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        new SyncProperties.Retry(3, Duration.ofMillis(10), Duration.ofSeconds(1)),
        new SyncProperties.Qdrant(true, "http://localhost:6334", "", "items", 2, 256,
            Duration.ofSeconds(10)));
  }

  @Test
  void kindsAreParsedLeniently() {
    SyncProperties props = withKinds("flat", "IVF", "hnsw", "flat");
    assertThat(props.isKindsValid()).isTrue();
    assertThat(props.indexKinds()).containsExactly(IndexKind.FLAT, IndexKind.IVF_FLAT, IndexKind.HNSW);
  }

  @Test
  void unknownKindsAndQdrantAreNotSnapshotKinds() {
    assertThat(withKinds("bogus").isKindsValid()).isFalse();
    assertThat(withKinds("qdrant").isKindsValid()).isFalse();
  }
}
