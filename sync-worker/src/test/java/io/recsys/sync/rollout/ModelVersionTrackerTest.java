package io.recsys.sync.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.schemas.avro.ModelVersion;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelVersionTrackerTest {

  static ModelVersion version(String id, long createdSecond) {
    return ModelVersion.newBuilder().setModelId(id).setBundlePath("/b/" + id).setNumItems(1)
        .setDimension(1).setCreatedAt(Instant.ofEpochSecond(createdSecond)).build();
  }

  @Test
  void theNewestByCreationTimeIsPendingUntilRolledOut() {
    ModelVersionTracker tracker = new ModelVersionTracker();
    assertThat(tracker.pending()).isEmpty();
    tracker.offer(version("b", 20));
    tracker.offer(version("a", 10));
    tracker.offer(version("c", 15));
    assertThat(tracker.pending()).map(ModelVersion::getModelId).contains("b");
    assertThat(tracker.idsOldestFirst()).containsExactly("a", "c", "b");

    tracker.markRolledOut("b");
    assertThat(tracker.pending()).isEmpty();
    assertThat(tracker.latest()).map(ModelVersion::getModelId).contains("b");

    tracker.offer(version("d", 30));
    assertThat(tracker.pending()).map(ModelVersion::getModelId).contains("d");
  }
}
