package io.recsys.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for generated Avro records using Avro single-object encoding: a two-byte marker,
 * the 64-bit schema fingerprint, then the binary datum. No schema registry is needed; older
 * writer schemas are resolved from {@link SchemaHistory}, so a reader with a newer schema still
 * reads records written before it evolved.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private static final int HEADER_LENGTH = 10;

  static {
    TrustedAvroPackages.ensureTrusted();
  }

  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  public AvroSerde(Schema readerSchema) {
    this(readerSchema, SchemaHistory.olderSchemasOf(readerSchema.getFullName()));
  }

  public AvroSerde(Schema readerSchema, List<Schema> olderWriterSchemas) {
    this.schema = readerSchema;
    SpecificData model = SpecificData.getForSchema(readerSchema);
    this.encoder = new BinaryMessageEncoder<>(model, readerSchema);
    this.decoder = new BinaryMessageDecoder<>(model, readerSchema);
    olderWriterSchemas.forEach(decoder::addSchema);
  }

  public Schema schema() {
    return schema;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null; // a tombstone on compacted topics
    }
    try {
      ByteBuffer buffer = encoder.encode(data);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException(
          "Cannot encode " + schema.getName() + " for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return decoder.decode(data);
    } catch (MissingSchemaException e) {
      throw new SerializationException("Unknown Avro schema fingerprint " + fingerprintOf(data)
          + " in a record on topic " + topic + " (expected " + schema.getFullName() + ", fingerprint "
          + fingerprintHex(schema) + ")", e);
    } catch (BadHeaderException e) {
      throw new SerializationException("Not an Avro single-object encoded " + schema.getName()
          + " on topic " + topic + " (" + data.length + " bytes): " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Corrupt " + schema.getName() + " record on topic " + topic
          + " (" + data.length + " bytes, fingerprint " + fingerprintOf(data) + "): " + e, e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // everything is fixed at construction
  }

  @Override
  public void close() {
    // stateless
  }

  /** The CRC-64-AVRO fingerprint of a schema, as hex in the byte order it has on the wire. */
  public static String fingerprintHex(Schema schema) {
    long fp = SchemaNormalization.parsingFingerprint64(schema);
    byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fp).array();
    return HexFormat.of().formatHex(bytes);
  }

  static String fingerprintOf(byte[] data) {
    if (data.length < HEADER_LENGTH) {
      return "(record too short: " + data.length + " bytes)";
    }
    return HexFormat.of().formatHex(data, 2, HEADER_LENGTH);
  }
}
