package io.recsys.ingest.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.ingest.IngestProperties;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks one event's JSON against every rule and builds the {@link RatingRequest}, filling in the
 * defaults: a missing {@code event_time} is {@code now}, a missing {@code event_id} a random UUID.
 * Every failing field is reported, not only the first.
 */
public final class RatingValidator {

  static final String USER_ID = "user_id";
  static final String MOVIE_ID = "movie_id";
  static final String RATING = "rating";
  static final String EVENT_TIME = "event_time";
  static final String EVENT_ID = "event_id";
  static final Set<String> FIELDS = Set.of(USER_ID, MOVIE_ID, RATING, EVENT_TIME, EVENT_ID);
  private static final String ALLOWED = "user_id, movie_id, rating, event_time, event_id";

  private final IngestProperties props;

  public RatingValidator(IngestProperties props) {
    this.props = props;
  }

  /**
   * @param index  the item's index in a batch, or null for a single event (goes into errors)
   * @param now    the service's current time: the default event time and the future bound
   * @param errors where the failing fields are added
   * @return the request, or null when at least one error was added
   */
  public RatingRequest validate(JsonNode node, Integer index, Instant now, List<FieldError> errors) {
    if (node == null) {
      return null; // unparseable NDJSON line, already reported
    }
    if (!node.isObject()) {
      errors.add(new FieldError(index, FieldError.WHOLE, "must be a JSON object, was "
          + node.getNodeType().name().toLowerCase()));
      return null;
    }
    int before = errors.size();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        errors.add(new FieldError(index, name, "unknown field; allowed: " + ALLOWED));
      }
    }
    long userId = id(node, USER_ID, index, errors);
    long movieId = id(node, MOVIE_ID, index, errors);
    Float rating = rating(node, index, errors);
    Instant eventTime = eventTime(node, index, now, errors);
    String eventId = eventId(node, index, errors);
    if (errors.size() > before) {
      return null;
    }
    return new RatingRequest(userId, movieId, rating, eventTime, eventId);
  }

  private static long id(JsonNode node, String field, Integer index, List<FieldError> errors) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      errors.add(new FieldError(index, field, "is required"));
    } else if (!value.isIntegralNumber()) {
      errors.add(new FieldError(index, field, "must be an integer, was " + describe(value)));
    } else if (!value.canConvertToLong()) {
      errors.add(new FieldError(index, field, "must fit in a signed 64-bit integer"));
    } else if (value.longValue() <= 0) {
      errors.add(new FieldError(index, field, "must be positive, was " + value.longValue()));
    } else {
      return value.longValue();
    }
    return 0;
  }

  private static Float rating(JsonNode node, Integer index, List<FieldError> errors) {
    JsonNode value = node.get(RATING);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      errors.add(new FieldError(index, RATING, "must be a number or null, was " + describe(value)));
      return null;
    }
    double rating = value.doubleValue();
    if (!Double.isFinite(rating) || rating < 0.5 || rating > 5.0) {
      errors.add(new FieldError(index, RATING, "must be between 0.5 and 5.0, was "
          + value.asText()));
    } else if (rating * 2 != Math.rint(rating * 2)) {
      errors.add(new FieldError(index, RATING, "must be a multiple of 0.5, was " + value.asText()));
    } else {
      return (float) rating;
    }
    return null;
  }

  private Instant eventTime(JsonNode node, Integer index, Instant now, List<FieldError> errors) {
    JsonNode value = node.get(EVENT_TIME);
    if (value == null || value.isNull()) {
      return now.truncatedTo(ChronoUnit.MILLIS);
    }
    if (!value.isTextual()) {
      errors.add(new FieldError(index, EVENT_TIME, "must be an ISO-8601 timestamp string such as "
          + "2024-05-01T12:00:00Z, was " + describe(value)));
      return null;
    }
    Instant time;
    try {
      time = Instant.parse(value.textValue());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(index, EVENT_TIME, "must be an ISO-8601 timestamp with a zone or "
          + "offset such as 2024-05-01T12:00:00Z, was \"" + abbreviate(value.textValue()) + "\""));
      return null;
    }
    if (time.isBefore(props.minEventTime())) {
      errors.add(new FieldError(index, EVENT_TIME, "must not be before " + props.minEventTime()
          + ", was " + time));
      return null;
    }
    Instant latest = now.plus(props.maxFutureSkew());
    if (time.isAfter(latest)) {
      errors.add(new FieldError(index, EVENT_TIME, "must not be more than "
          + props.maxFutureSkew() + " ahead of the service's clock (" + now + "), was " + time));
      return null;
    }
    return time.truncatedTo(ChronoUnit.MILLIS); // the Avro field is timestamp-millis
  }

  private String eventId(JsonNode node, Integer index, List<FieldError> errors) {
    JsonNode value = node.get(EVENT_ID);
    if (value == null || value.isNull()) {
      return randomUuid();
    }
    if (!value.isTextual()) {
      errors.add(new FieldError(index, EVENT_ID, "must be a string, was " + describe(value)));
    } else if (value.textValue().isBlank()) {
      errors.add(new FieldError(index, EVENT_ID, "must not be blank"));
    } else if (value.textValue().length() > props.maxEventIdLength()) {
      errors.add(new FieldError(index, EVENT_ID, "must be at most " + props.maxEventIdLength()
          + " characters, was " + value.textValue().length()));
    } else if (!printable(value.textValue())) {
      errors.add(new FieldError(index, EVENT_ID, "must be printable text: no control characters "
          + "and no unpaired surrogate escapes"));
    } else {
      return value.textValue();
    }
    return null;
  }

  /**
   * No control characters (a newline in an id forges log lines) and no unpaired surrogate
   * (UTF-8 cannot encode one: the id stored in Kafka would differ from the one sent).
   */
  private static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A version-4 UUID from a fast non-blocking source: ids need uniqueness, not secrecy. */
  static String randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "the string \"" + abbreviate(value.textValue()) + "\"";
      case NUMBER -> "the number " + value.asText();
      case BOOLEAN -> "the boolean " + value.asText();
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> value.getNodeType().name().toLowerCase();
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
