package io.recsys.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void namesAreTheOnesInTheDesignAndUnique() {
    Set<String> names = new HashSet<>();
    Topics.ALL.forEach(t -> names.add(t.name()));
    assertThat(names).containsExactlyInAnyOrder("ratings", "ratings-dlq", "user-embeddings",
        "recommendations", "item-stats", "catalog", "model-versions", "index-snapshots");
  }

  @Test
  void compactedTopicsAreTheLatestStateOnes() {
    assertThat(Topics.USER_EMBEDDINGS.newTopic(3, (short) 1).configs())
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
    assertThat(Topics.RATINGS.newTopic(3, (short) 1).configs())
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
  }

  @Test
  void dlqHeadersCarryReasonAndOriginAndAreBounded() {
    var headers = DlqHeaders.describe("SerializationException", "x".repeat(5000), "ratings", 2,
        17L, Instant.EPOCH);
    assertThat(DlqHeaders.read(headers, DlqHeaders.SOURCE_TOPIC)).isEqualTo("ratings");
    assertThat(DlqHeaders.read(headers, DlqHeaders.SOURCE_OFFSET)).isEqualTo("17");
    assertThat(DlqHeaders.read(headers, DlqHeaders.ERROR_MESSAGE))
        .hasSize(DlqHeaders.MAX_MESSAGE_LENGTH + 1);
    assertThat(DlqHeaders.read(headers, "absent")).isNull();
  }
}
