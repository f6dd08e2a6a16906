package io.recsys.recommender.history;

import io.recsys.recommender.history.UserHistory.Interaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of a history for the RocksDB store and its changelog: a version byte,
 * the count, then per interaction its event id, movie id, rating (NaN for none) and time.
 */
public final class UserHistorySerde implements Serde<UserHistory> {

  private static final byte FORMAT_VERSION = 1;

  private final int capacity;

  public UserHistorySerde(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public Serializer<UserHistory> serializer() {
    return (topic, history) -> history == null ? null : write(history);
  }

  @Override
  public Deserializer<UserHistory> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  byte[] write(UserHistory history) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + history.size() * 48);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeInt(history.size());
      for (Interaction i : history.interactions()) {
        out.writeUTF(i.eventId());
        out.writeLong(i.movieId());
        out.writeFloat(i.rating() == null ? Float.NaN : i.rating());
        out.writeLong(i.timeMillis());
      }
    } catch (IOException e) {
      throw new SerializationException("Cannot write a user history", e);
    }
    return bytes.toByteArray();
  }

  UserHistory read(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new SerializationException("Unknown user history format " + version);
      }
      int n = in.readInt();
      List<Interaction> interactions = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        String eventId = in.readUTF();
        long movieId = in.readLong();
        float rating = in.readFloat();
        long time = in.readLong();
        interactions.add(new Interaction(eventId, movieId, Float.isNaN(rating) ? null : rating,
            time));
      }
      return UserHistory.of(capacity, interactions);
    } catch (IOException e) {
      throw new SerializationException("Corrupt user history (" + data.length + " bytes)", e);
    }
  }
}
