package io.recsys.recommender.history;

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

  /** One interaction; ties in time are broken by event id so the order is deterministic. */
  public record Interaction(String eventId, long movieId, Float rating, long timeMillis) {
  }

  static final Comparator<Interaction> ORDER = Comparator.comparingLong(Interaction::timeMillis)
      .thenComparing(Interaction::eventId);

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
    if (containsEvent(interaction.eventId())) {
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
    for (Interaction i : interactions) {
      if (i.eventId().equals(eventId)) {
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
