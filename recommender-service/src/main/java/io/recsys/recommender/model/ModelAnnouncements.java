package io.recsys.recommender.model;

import io.recsys.index.IndexKind;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.IndexSnapshot;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.schemas.kafka.TopicFollower;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows {@code model-versions} and {@code index-snapshots} and hands what they announce to
 * the snapshot gate, which rolls models out. Of the model backlog found at start-up only the
 * last one published counts (not every old one in turn); after that, every announcement as it
 * comes. The bundle path announced must be readable here (the same machine, or a volume shared
 * with the trainer).
 */
public final class ModelAnnouncements implements AutoCloseable {

  private final TopicFollower follower;

  public ModelAnnouncements(Map<String, Object> kafkaConfig, SnapshotGate gate) {
    AtomicReference<ModelVersion> newestOfBacklog = new AtomicReference<>();
    AtomicLong newestTimestamp = new AtomicLong(Long.MIN_VALUE);
    AtomicBoolean caughtUp = new AtomicBoolean();
    this.follower = new TopicFollower("recommender-model-versions",
        List.of(Topics.MODEL_VERSIONS.name(), Topics.INDEX_SNAPSHOTS.name()), kafkaConfig,
        record -> {
          if (record.value() == null) {
            return;
          }
          if (record.topic().equals(Topics.INDEX_SNAPSHOTS.name())) {
            snapshotAnnounced(gate, record);
            return;
          }
          ModelVersion version = Topics.MODEL_VERSIONS.valueSerde().deserializer()
              .deserialize(record.topic(), record.value());
          if (caughtUp.get()) {
            gate.modelAnnounced(announcement(version));
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
            gate.modelAnnounced(announcement(newest));
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

  private static void snapshotAnnounced(SnapshotGate gate, ConsumerRecord<byte[], byte[]> record) {
    IndexSnapshot snapshot = Topics.INDEX_SNAPSHOTS.valueSerde().deserializer()
        .deserialize(record.topic(), record.value());
    if (snapshot.getKind() == io.recsys.schemas.avro.IndexKind.UNKNOWN) {
      return;
    }
    gate.snapshotAnnounced(snapshot.getModelId(), IndexKind.valueOf(snapshot.getKind().name()),
        Path.of(snapshot.getPath()), snapshot.getChecksum());
  }

  @Override
  public void close() {
    follower.close();
  }
}
