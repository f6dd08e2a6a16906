package io.recsys.ingest.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.recsys.edge.web.Problems;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns request bodies into JSON trees, one per event: a single object, a JSON array, or NDJSON
 * (one object a line; blank lines are skipped). Duplicate keys and trailing content are errors.
 */
public final class RatingBodyParser {

  private final ObjectMapper mapper = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** The body as one JSON value. */
  public JsonNode parseOne(byte[] body) {
    return parse(body, "a JSON object");
  }

  private JsonNode parse(byte[] body, String expected) {
    if (isBlank(body, 0, body.length)) {
      throw InvalidRequestException.malformed("The request body is empty; expected " + expected);
    }
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      throw InvalidRequestException.malformed("Malformed JSON: " + describe(e));
    }
  }

  /** The elements of a JSON array body. */
  public List<JsonNode> parseArray(byte[] body) {
    JsonNode root = parse(body, "a JSON array of events");
    if (!root.isArray()) {
      throw InvalidRequestException.malformed("Expected a JSON array of events (or NDJSON with "
          + "Content-Type application/x-ndjson), got a JSON " + root.getNodeType().name()
          .toLowerCase());
    }
    List<JsonNode> items = new ArrayList<>(root.size());
    root.forEach(items::add);
    return items;
  }

  /**
   * The non-blank lines of an NDJSON body. A line that is not valid JSON becomes {@code null} in
   * the result and an error (with its item index) in {@code errors}.
   */
  public List<JsonNode> parseNdjson(byte[] body, List<FieldError> errors) {
    List<JsonNode> items = new ArrayList<>();
    int start = 0;
    while (start < body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      if (!isBlank(body, start, end)) {
        try {
          items.add(mapper.readTree(body, start, end - start));
        } catch (IOException e) {
          errors.add(new FieldError(items.size(), FieldError.WHOLE, "malformed JSON: "
              + describe(e)));
          items.add(null);
        }
      }
      start = end + 1;
    }
    return items;
  }

  private static boolean isBlank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  /**
   * Jackson's own words for what is wrong and where, without the Java types and Jackson
   * feature names some of its messages carry (they mean nothing to a client).
   */
  static String describe(IOException e) {
    JsonProcessingException json = e instanceof JsonProcessingException jpe ? jpe : null;
    String message = json != null ? json.getOriginalMessage() : e.getMessage();
    return Problems.jsonMessage(message == null ? "unreadable" : message,
        json == null ? null : json.getLocation());
  }
}
