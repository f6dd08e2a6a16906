package io.recsys.sync.kafka;

import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.IndexSnapshot;
import io.recsys.sync.rollout.SnapshotAnnouncer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Announces snapshots on {@code index-snapshots}, keyed by model id, acknowledged by all replicas. */
public final class KafkaSnapshotAnnouncer implements SnapshotAnnouncer, AutoCloseable {

  private final KafkaProducer<String, IndexSnapshot> producer;

  public KafkaSnapshotAnnouncer(Map<String, Object> clientConfig) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sync-worker-snapshots");
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    this.producer = new KafkaProducer<>(config, Topics.INDEX_SNAPSHOTS.keySerde().serializer(),
        Topics.INDEX_SNAPSHOTS.valueSerde().serializer());
  }

  @Override
  public void announce(IndexSnapshot snapshot) throws Exception {
    producer.send(new ProducerRecord<>(Topics.INDEX_SNAPSHOTS.name(), snapshot.getModelId(),
        snapshot)).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close();
  }
}
