package io.recsys.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.IndexKind;
import io.recsys.schemas.avro.IndexSnapshot;
import io.recsys.schemas.avro.ItemStats;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.ScoredItem;
import io.recsys.schemas.avro.UserEmbedding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

  @Test
  void everyTopicValueRoundTrips() {
    RatingEvent rating = RatingEvent.newBuilder().setEventId("e-1").setUserId(7).setMovieId(42)
        .setRating(4.5f).setEventTime(T0).setSource(EventSource.HTTP).build();
    RatingEvent implicit = RatingEvent.newBuilder(rating).setEventId("e-2").setRating(null).build();
    UserEmbedding embedding = UserEmbedding.newBuilder().setUserId(7).setModelVersion("m1")
        .setVector(List.of(0.5f, -1f)).setSequenceLength(3).setSourceEventTime(T0)
        .setComputedAt(T0.plusMillis(3)).build();
    Recommendations recs = Recommendations.newBuilder().setUserId(7).setModelVersion("m1")
        .setItems(List.of(new ScoredItem(1L, 2.5f), new ScoredItem(9L, 1.25f)))
        .setSourceEventTime(T0).setComputedAt(T0).build();
    ItemStats stats = ItemStats.newBuilder().setMovieId(42).setInteractionCount(3)
        .setRatingCount(2).setRatingSum(8.5).setAverageRating(4.25).setUpdatedAt(T0).build();
    CatalogItem movie = CatalogItem.newBuilder().setMovieId(42).setTitle("Misérables, Les")
        .setGenres(List.of("Drama", "Musical")).setYear(1995).build();
    ModelVersion model = ModelVersion.newBuilder().setModelId("abc").setBundlePath("/m")
        .setNumItems(3416).setDimension(128).setCreatedAt(T0).setMetrics(Map.of("ndcg10", 0.2))
        .build();
    IndexSnapshot snapshot = IndexSnapshot.newBuilder().setModelId("abc").setPath("/s.idx")
        .setKind(IndexKind.HNSW).setChecksum("00ff").setCount(3416).setDimension(128)
        .setParameters(Map.of("M", "32")).setCreatedAt(T0).build();

    assertRoundTrip(Topics.RATINGS.valueSerde(), rating);
    assertRoundTrip(Topics.RATINGS.valueSerde(), implicit);
    assertRoundTrip(Topics.USER_EMBEDDINGS.valueSerde(), embedding);
    assertRoundTrip(Topics.RECOMMENDATIONS.valueSerde(), recs);
    assertRoundTrip(Topics.ITEM_STATS.valueSerde(), stats);
    assertRoundTrip(Topics.CATALOG.valueSerde(), movie);
    assertRoundTrip(Topics.MODEL_VERSIONS.valueSerde(), model);
    assertRoundTrip(Topics.INDEX_SNAPSHOTS.valueSerde(), snapshot);
  }

  @Test
  void nullIsATombstone() {
    AvroSerde<RatingEvent> serde = new AvroSerde<>(RatingEvent.getClassSchema());
    assertThat(serde.serialize("ratings", null)).isNull();
    assertThat(serde.deserialize("ratings", null)).isNull();
  }

  @Test
  void readerWithNewerSchemaReadsRecordsWrittenWithTheOldOne() throws IOException {
    Schema v0 = loadTestSchema("v0-test.avsc");
    GenericRecord old = new GenericData.Record(v0);
    old.put("eventId", "old-1");
    old.put("userId", 5L);
    old.put("movieId", 10L);
    old.put("eventTime", T0.toEpochMilli());
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old).array();

    // the default constructor finds v0 through SchemaHistory (test resources hold its index)
    RatingEvent read = new AvroSerde<RatingEvent>(RatingEvent.getClassSchema())
        .deserialize("ratings", bytes);

    assertThat(read.getEventId()).isEqualTo("old-1");
    assertThat(read.getUserId()).isEqualTo(5L);
    assertThat(read.getRating()).isNull();
    assertThat(read.getSource()).isEqualTo(EventSource.UNKNOWN);
    assertThat(read.getEventTime()).isEqualTo(T0);
  }

  @Test
  void unknownFingerprintIsNamedInTheError() {
    AvroSerde<RatingEvent> serde = new AvroSerde<>(RatingEvent.getClassSchema(), List.of());
    byte[] bytes = serde.serialize("ratings", RatingEvent.newBuilder().setEventId("x")
        .setUserId(1).setMovieId(2).setEventTime(T0).build());
    for (int i = 2; i < 10; i++) {
      bytes[i] = (byte) 0xAB;
    }
    byte[] tampered = bytes;
    assertThatThrownBy(() -> serde.deserialize("ratings", tampered))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Unknown Avro schema fingerprint abababababababab")
        .hasMessageContaining("ratings");
  }

  @Test
  void randomBytesGiveAClearError() {
    AvroSerde<RatingEvent> serde = new AvroSerde<>(RatingEvent.getClassSchema());
    byte[] noise = new byte[40];
    new Random(1).nextBytes(noise);
    assertThatThrownBy(() -> serde.deserialize("ratings", noise))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Not an Avro single-object encoded RatingEvent");
    assertThatThrownBy(() -> serde.deserialize("ratings", new byte[3]))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void truncatedRecordGivesAClearError() {
    AvroSerde<RatingEvent> serde = new AvroSerde<>(RatingEvent.getClassSchema());
    byte[] bytes = serde.serialize("ratings", RatingEvent.newBuilder().setEventId("event-123")
        .setUserId(1).setMovieId(2).setEventTime(T0).build());
    byte[] truncated = java.util.Arrays.copyOf(bytes, 14);
    assertThatThrownBy(() -> serde.deserialize("ratings", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Corrupt RatingEvent record on topic ratings");
  }

  @Test
  void fingerprintHexMatchesTheWireHeader() {
    AvroSerde<CatalogItem> serde = new AvroSerde<>(CatalogItem.getClassSchema());
    byte[] bytes = serde.serialize("catalog", CatalogItem.newBuilder().setMovieId(1)
        .setTitle("t").build());
    assertThat(AvroSerde.fingerprintOf(bytes))
        .isEqualTo(AvroSerde.fingerprintHex(CatalogItem.getClassSchema()));
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> void assertRoundTrip(
      org.apache.kafka.common.serialization.Serde<T> serde, T value) {
    byte[] bytes = serde.serializer().serialize("t", value);
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
  }

  private static Schema loadTestSchema(String file) throws IOException {
    try (InputStream in = AvroSerdeTest.class.getResourceAsStream(
        "/avro-history/io.recsys.schemas.avro.RatingEvent/" + file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return new Schema.Parser().parse(out.toString());
    }
  }
}
