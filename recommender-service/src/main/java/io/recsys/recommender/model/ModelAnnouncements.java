package io.recsys.recommender.model;

import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.schemas.kafka.TopicFollower;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows {@code model-versions} and hands each new version to the rollout. Of the backlog
 * found at start-up only the last one published is rolled out (not every old one in turn);
 * after that, every announcement as it comes. The bundle path announced must be readable here
 * (the same machine, or a volume shared with the trainer).
 */
public final class ModelAnnouncements implements AutoCloseable {

  private final TopicFollower follower;

  public ModelAnnouncements(Map<String, Object> kafkaConfig, ModelRollout rollout) {
    AtomicReference<ModelVersion> newestOfBacklog = new AtomicReference<>();
    AtomicLong newestTimestamp = new AtomicLong(Long.MIN_VALUE);
    AtomicBoolean caughtUp = new AtomicBoolean();
    this.follower = new TopicFollower("recommender-model-versions",
        List.of(Topics.MODEL_VERSIONS.name()), kafkaConfig,
        record -> {
          if (record.value() == null) {
            return;
          }
          ModelVersion version = Topics.MODEL_VERSIONS.valueSerde().deserializer()
              .deserialize(record.topic(), record.value());
          if (caughtUp.get()) {
            rollout.roll(announcement(version));
          } else if (record.timestamp() >= newestTimestamp.get()) {
            // publish time, not the bundle's creation time: re-publishing an older bundle is
            // how a model is rolled back
            newestTimestamp.set(record.timestamp());
            newestOfBacklog.set(version);
          }
        },
        () -> {
          caughtUp.set(true);
          ModelVersion newest = newestOfBacklog.get();
          if (newest != null) {
            rollout.roll(announcement(newest));
          }
        },
        () -> TopicCreator.createMissing(kafkaConfig, 0, (short) 1));
  }

  public void start() {
    follower.start();
  }

  static ModelRollout.Announcement announcement(ModelVersion version) {
    return new ModelRollout.Announcement(version.getModelId(), Path.of(version.getBundlePath()));
  }

  @Override
  public void close() {
    follower.close();
  }
}
