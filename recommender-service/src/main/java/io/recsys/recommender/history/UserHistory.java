package io.recsys.recommender.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * One user's interactions in event-time order, as the model reads them. A repeated event id
 * is ignored, a late event is inserted where its time puts it, and only the newest
 * {@code capacity} interactions are kept (the model never looks further back).
 */
public final class UserHistory {

  /**
   * One interaction. The event id is kept as a 64-bit key (the first 8 bytes of its SHA-256):
   * enough to tell repeats apart, and a fixed 28 bytes per interaction in the store and its
   * changelog, which every event rewrites. Ties in time are broken by that key, so the order
   * is deterministic.
   */
  public record Interaction(long eventKey, long movieId, Float rating, long timeMillis) {

    public static Interaction of(String eventId, long movieId, Float rating, long timeMillis) {
      return new Interaction(keyOf(eventId), movieId, rating, timeMillis);
    }
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  });

  /** The 64-bit key of an event id; a cryptographic hash, so chosen ids cannot collide on purpose. */
  public static long keyOf(String eventId) {
    byte[] digest = SHA256.get().digest(eventId.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest).getLong();
  }

  static final Comparator<Interaction> ORDER = Comparator.comparingLong(Interaction::timeMillis)
      .thenComparingLong(Interaction::eventKey);

  private final int capacity;
  private final List<Interaction> interactions;

  public UserHistory(int capacity) {
    this(capacity, new ArrayList<>());
  }

  private UserHistory(int capacity, List<Interaction> interactions) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.interactions = interactions;
  }

  /** Restores a history from interactions already in order and unique (e.g. read from a store). */
  public static UserHistory of(int capacity, List<Interaction> ordered) {
    int from = Math.max(0, ordered.size() - capacity);
    return new UserHistory(capacity, new ArrayList<>(ordered.subList(from, ordered.size())));
  }

  /**
   * Adds an interaction in time order.
   *
   * @return false when nothing changed: a duplicate event id, or an event older than the
   *     oldest kept one in a full history
   */
  public boolean add(Interaction interaction) {
    if (containsKey(interaction.eventKey())) {
      return false;
    }
    int position = Collections.binarySearch(interactions, interaction, ORDER);
    int insertAt = position >= 0 ? position + 1 : -position - 1;
    if (insertAt == 0 && interactions.size() >= capacity) {
      return false;
    }
    interactions.add(insertAt, interaction);
    if (interactions.size() > capacity) {
      interactions.remove(0);
    }
    return true;
  }

  public List<Interaction> interactions() {
    return Collections.unmodifiableList(interactions);
  }

  public boolean containsEvent(String eventId) {
    return containsKey(keyOf(eventId));
  }

  private boolean containsKey(long eventKey) {
    for (Interaction i : interactions) {
      if (i.eventKey() == eventKey) {
        return true;
      }
    }
    return false;
  }

  public long[] movieIds() {
    return interactions.stream().mapToLong(Interaction::movieId).toArray();
  }

  public int size() {
    return interactions.size();
  }

  /** Time of the newest interaction, or Long.MIN_VALUE when empty. */
  public long newestTimeMillis() {
    return interactions.isEmpty() ? Long.MIN_VALUE : interactions.get(interactions.size() - 1)
        .timeMillis();
  }
}
