package io.recsys.recommender.history;

import io.recsys.recommender.history.UserHistory.Interaction;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of a history for the RocksDB store and its changelog: a version byte, the count,
 * then per interaction its event key, movie id, rating (NaN for none) and time, 28 bytes each.
 * Every event rewrites its user's history, so this size is most of the pipeline's write volume.
 * Version 1 (event ids as strings) is still read, so existing changelogs restore.
 */
public final class UserHistorySerde implements Serde<UserHistory> {

  private static final byte FORMAT_VERSION = 2;
  private static final byte STRING_IDS_VERSION = 1;
  private static final int HEADER = 5;
  private static final int PER_INTERACTION = 28;

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
    List<Interaction> all = history.interactions();
    ByteBuffer out = ByteBuffer.allocate(HEADER + all.size() * PER_INTERACTION);
    out.put(FORMAT_VERSION).putInt(all.size());
    for (Interaction i : all) {
      out.putLong(i.eventKey()).putLong(i.movieId())
          .putFloat(i.rating() == null ? Float.NaN : i.rating()).putLong(i.timeMillis());
    }
    return out.array();
  }

  UserHistory read(byte[] data) {
    if (data.length == 0) {
      throw new SerializationException("Corrupt user history (0 bytes)");
    }
    if (data[0] == STRING_IDS_VERSION) {
      return readStringIds(data);
    }
    if (data[0] != FORMAT_VERSION) {
      throw new SerializationException("Unknown user history format " + data[0]);
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
      int n = in.getInt();
      if (n < 0 || in.remaining() != (long) n * PER_INTERACTION) {
        throw new SerializationException("Corrupt user history (" + data.length + " bytes for "
            + n + " interactions)");
      }
      List<Interaction> interactions = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        long key = in.getLong();
        long movieId = in.getLong();
        float rating = in.getFloat();
        long time = in.getLong();
        interactions.add(new Interaction(key, movieId, Float.isNaN(rating) ? null : rating, time));
      }
      return UserHistory.of(capacity, interactions);
    } catch (BufferUnderflowException e) {
      throw new SerializationException("Corrupt user history (" + data.length + " bytes)", e);
    }
  }

  private UserHistory readStringIds(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1))) {
      int n = in.readInt();
      List<Interaction> interactions = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        String eventId = in.readUTF();
        long movieId = in.readLong();
        float rating = in.readFloat();
        long time = in.readLong();
        interactions.add(Interaction.of(eventId, movieId, Float.isNaN(rating) ? null : rating, time));
      }
      interactions.sort(UserHistory.ORDER);
      return UserHistory.of(capacity, interactions);
    } catch (IOException e) {
      throw new SerializationException("Corrupt user history (" + data.length + " bytes)", e);
    }
  }
}
