package io.recsys.ingest;

import static io.recsys.edge.web.RequestBodies.concat;
import static io.recsys.edge.web.RequestBodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.edge.web.ProblemAssertions;
import io.recsys.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Hostile input at every ingest endpoint, on a real embedded broker: each request gets a 4xx
 * RFC 7807 ProblemDetail naming the field at fault (never a 500, never a hang) and the
 * {@code ratings} topic's end offsets do not move. One row = endpoint, body bytes, content
 * type, expected status, expected field.
 */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "recsys.ingest.max-body-size=" + HostileRequestsTest.MAX_BODY + "B",
    "recsys.ingest.max-batch-size=" + HostileRequestsTest.MAX_BATCH})
@DirtiesContext
class HostileRequestsTest {

  static final int MAX_BODY = 64 * 1024;
  static final int MAX_BATCH = 100;
  static final String JSON = MediaType.APPLICATION_JSON_VALUE;
  static final String NDJSON = "application/x-ndjson";
  static final String VALID = "{\"user_id\": 1, \"movie_id\": 1"; // without its closing brace

  static EmbeddedKafkaBroker broker;
  /** One reader for the whole table, made once the service has created the topic. */
  static RatingsTopicReader topic;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(0, null);
  }

  @AfterAll
  static void stopBroker() {
    if (topic != null) {
      topic.close();
    }
    broker.close();
  }

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("recsys.kafka.bootstrap-servers", () -> broker.bootstrapServers());
  }

  @Autowired
  WebTestClient client;

  // ------------------------------------------------------------------------------ the table

  static Stream<Arguments> hostileRequests() {
    List<Arguments> rows = new ArrayList<>();
    for (String path : List.of("/ratings", "/update_user")) {
      rows.addAll(bodyRows(path));
      rows.addAll(fieldRows(path));
    }
    rows.addAll(batchRows());
    rows.addAll(ndjsonRows());
    return rows.stream();
  }

  /** The body as a whole spoiled in every generic way. */
  private static List<Arguments> bodyRows(String path) {
    return List.of(
        post(path, "malformed JSON", VALID + ",", JSON, 400, "$"),
        post(path, "not JSON at all", "hello", JSON, 400, "$"),
        post(path, "empty body", "", JSON, 400, "$"),
        post(path, "only whitespace", " \r\n\t ", JSON, 400, "$"),
        post(path, "JSON null", "null", JSON, 400, "$"),
        post(path, "array instead of object", "[" + VALID + "}]", JSON, 400, "$"),
        post(path, "a bare number", "42", JSON, 400, "$"),
        post(path, "a bare string", "\"user_id\"", JSON, 400, "$"),
        post(path, "trailing garbage", VALID + "} xyz", JSON, 400, "$"),
        post(path, "two objects", VALID + "} " + VALID + "}", JSON, 400, "$"),
        post(path, "duplicate key", VALID + ", \"user_id\": 2}", JSON, 400, "$"),
        post(path, "single quotes", VALID.replace('"', '\'') + "}", JSON, 400, "$"),
        post(path, "a comment", "/* hi */ " + VALID + "}", JSON, 400, "$"),
        row(path, "invalid UTF-8 before the JSON",
            concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8(VALID + "}")), JSON, 400, "$"),
        row(path, "invalid UTF-8 inside event_id", concat(utf8(VALID + ", \"event_id\": \""),
            new byte[] {(byte) 0xC3, 0x28}, utf8("\"}")), JSON, 400, "$"),
        row(path, "a raw control character in event_id", concat(utf8(VALID
            + ", \"event_id\": \""), new byte[] {1}, utf8("\"}")), JSON, 400, "$"),
        row(path, "gzip bytes sent as JSON",
            new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3}, JSON, 400, "$"),
        post(path, "an array nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), JSON, 400,
            "$"),
        post(path, "a value nested 5000 deep", VALID + ", \"rating\": " + "[".repeat(5000)
            + "]".repeat(5000) + "}", JSON, 400, "$"),
        post(path, "a number of 5000 digits", "{\"user_id\": " + "9".repeat(5000)
            + ", \"movie_id\": 1}", JSON, 400, "$"),
        post(path, "unknown field", VALID + ", \"colour\": \"red\"}", JSON, 400, "colour"),
        post(path, "a thousand unknown fields", VALID + IntStream.range(0, 1000)
            .mapToObj(i -> ", \"f" + i + "\": " + i).collect(Collectors.joining()) + "}", JSON,
            400, "f0"),
        post(path, "wrong content type", VALID + "}", "text/plain", 415, "Content-Type"),
        post(path, "XML content type", "<user_id>1</user_id>", "application/xml", 415,
            "Content-Type"),
        post(path, "form content type", "user_id=1&movie_id=1",
            "application/x-www-form-urlencoded", 415, "Content-Type"),
        post(path, "NDJSON content type", VALID + "}\n", NDJSON, 415, "Content-Type"),
        post(path, "no content type", VALID + "}", null, 415, "Content-Type"),
        post(path, "oversize body", VALID + " ".repeat(MAX_BODY) + "}", JSON, 413, "$"),
        post(path, "a 1 MB string", VALID + ", \"event_id\": \"" + "x".repeat(1 << 20) + "\"}",
            JSON, 413, "$"));
  }

  private static List<Arguments> fieldRows(String path) {
    return List.of(
        post(path, "missing user_id", "{\"movie_id\": 1}", JSON, 400, "user_id"),
        post(path, "null user_id", "{\"user_id\": null, \"movie_id\": 1}", JSON, 400, "user_id"),
        post(path, "user_id as string", "{\"user_id\": \"1\", \"movie_id\": 1}", JSON, 400,
            "user_id"),
        post(path, "fractional user_id", "{\"user_id\": 1.5, \"movie_id\": 1}", JSON, 400,
            "user_id"),
        post(path, "boolean user_id", "{\"user_id\": true, \"movie_id\": 1}", JSON, 400,
            "user_id"),
        post(path, "object user_id", "{\"user_id\": {\"id\": 1}, \"movie_id\": 1}", JSON, 400,
            "user_id"),
        post(path, "zero user_id", "{\"user_id\": 0, \"movie_id\": 1}", JSON, 400, "user_id"),
        post(path, "negative user_id", "{\"user_id\": -7, \"movie_id\": 1}", JSON, 400,
            "user_id"),
        post(path, "user_id beyond long", "{\"user_id\": 9223372036854775808, \"movie_id\": 1}",
            JSON, 400, "user_id"),
        post(path, "user_id 1e30", "{\"user_id\": 1e30, \"movie_id\": 1}", JSON, 400, "user_id"),
        post(path, "user_id NaN string", "{\"user_id\": \"NaN\", \"movie_id\": 1}", JSON, 400,
            "user_id"),
        post(path, "missing movie_id", "{\"user_id\": 1}", JSON, 400, "movie_id"),
        post(path, "zero movie_id", "{\"user_id\": 1, \"movie_id\": 0}", JSON, 400, "movie_id"),
        post(path, "movie_id beyond long", "{\"user_id\": 1, \"movie_id\": 18446744073709551616}",
            JSON, 400, "movie_id"),
        post(path, "movie_id -2^63", "{\"user_id\": 1, \"movie_id\": -9223372036854775808}",
            JSON, 400, "movie_id"),
        rating(path, "rating NaN string", "\"NaN\"", "rating"),
        rating(path, "rating Infinity string", "\"Infinity\"", "rating"),
        rating(path, "rating -Infinity string", "\"-Infinity\"", "rating"),
        rating(path, "rating NaN token", "NaN", "$"),
        rating(path, "rating Infinity token", "Infinity", "$"),
        rating(path, "rating -Infinity token", "-Infinity", "$"),
        rating(path, "rating 1e400", "1e400", "rating"),
        rating(path, "rating -1e400", "-1e400", "rating"),
        rating(path, "rating 0", "0", "rating"),
        rating(path, "rating negative", "-4", "rating"),
        rating(path, "rating 5.5", "5.5", "rating"),
        rating(path, "rating not a half step", "4.2", "rating"),
        rating(path, "rating just off a half step", "4.50000001", "rating"),
        rating(path, "rating as string", "\"4.5\"", "rating"),
        rating(path, "rating boolean", "true", "rating"),
        rating(path, "rating as an array", "[4]", "rating"),
        rating(path, "rating as an object", "{\"value\": 4}", "rating"),
        eventTime(path, "event_time as a number", "1700000000", "event_time"),
        eventTime(path, "event_time not a time", "\"yesterday\"", "event_time"),
        eventTime(path, "event_time without zone", "\"2024-01-01T00:00:00\"", "event_time"),
        eventTime(path, "event_time on 30 February", "\"2024-02-30T00:00:00Z\"", "event_time"),
        eventTime(path, "event_time before 1990", "\"1989-12-31T23:59:59Z\"", "event_time"),
        eventTime(path, "event_time in year 999999999", "\"+999999999-12-31T23:59:59Z\"",
            "event_time"),
        eventTime(path, "event_time a 60 kB string", "\"" + "2".repeat(60_000) + "\"", "event_time"),
        eventId(path, "blank event_id", "\" \"", "event_id"),
        eventId(path, "numeric event_id", "5", "event_id"),
        eventId(path, "event_id as an object", "{}", "event_id"),
        eventId(path, "event_id over the length limit", "\"" + "x".repeat(129) + "\"", "event_id"),
        eventId(path, "a 60 kB event_id", "\"" + "x".repeat(60_000) + "\"", "event_id"),
        eventId(path, "event_id with an unpaired surrogate", "\"ev-\\ud800\"", "event_id"),
        eventId(path, "event_id with an escaped control character", "\"ev-\\u0000\"", "event_id"),
        eventId(path, "event_id with a newline", "\"ev-1\\nERROR forged log line\"", "event_id"));
  }

  private static List<Arguments> batchRows() {
    String path = "/ratings/batch";
    String item = VALID + "}";
    return List.of(
        post(path, "malformed JSON", "[" + item + ",", JSON, 400, "$"),
        post(path, "empty body", "", JSON, 400, "$"),
        post(path, "empty array", "[]", JSON, 400, "$"),
        post(path, "an object instead of an array", item, JSON, 400, "$"),
        post(path, "an array of numbers", "[1, 2]", JSON, 400, "$"),
        post(path, "an array holding null", "[" + item + ", null]", JSON, 400, "$"),
        post(path, "an array of arrays", "[[" + item + "]]", JSON, 400, "$"),
        post(path, "nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), JSON, 400, "$"),
        post(path, "trailing garbage", "[" + item + "] xyz", JSON, 400, "$"),
        post(path, "batch over the size limit", "[" + String.join(",",
            java.util.Collections.nCopies(MAX_BATCH + 1, item)) + "]", JSON, 413, "$"),
        post(path, "one item with a NaN string rating", "[" + item + ", " + item + ", " + VALID
            + ", \"rating\": \"NaN\"}]", JSON, 400, "rating"),
        post(path, "one item with a NaN token rating", "[" + item + ", " + VALID
            + ", \"rating\": NaN}]", JSON, 400, "$"),
        post(path, "one item with a huge user_id", "[" + item + ", {\"user_id\": 1e999, "
            + "\"movie_id\": 1}]", JSON, 400, "user_id"),
        post(path, "one item with a negative movie_id", "[{\"user_id\": 1, \"movie_id\": -1}]",
            JSON, 400, "movie_id"),
        post(path, "one item with an unknown field", "[" + VALID + ", \"colour\": 1}]", JSON,
            400, "colour"),
        row(path, "invalid UTF-8 in an item", concat(utf8("[" + VALID + ", \"event_id\": \""),
            new byte[] {(byte) 0xFF}, utf8("\"}]")), JSON, 400, "$"),
        post(path, "oversize body", "[" + item + " ".repeat(MAX_BODY) + "]", JSON, 413, "$"),
        post(path, "wrong content type", "[" + item + "]", "text/plain", 415, "Content-Type"),
        post(path, "no content type", "[" + item + "]", null, 415, "Content-Type"),
        post(path + "?verbose=maybe", "verbose not a boolean", "[" + item + "]", JSON, 400,
            "verbose"));
  }

  private static List<Arguments> ndjsonRows() {
    String path = "/ratings/batch";
    String line = VALID + "}\n";
    return List.of(
        post(path, "NDJSON with a malformed line", line + VALID + "\n" + line, NDJSON, 400, "$"),
        post(path, "NDJSON of blank lines only", "\n\n  \r\n", NDJSON, 400, "$"),
        post(path, "NDJSON with an array line", line + "[" + VALID + "}]\n", NDJSON, 400, "$"),
        post(path, "NDJSON with two objects on one line", VALID + "} " + VALID + "}\n", NDJSON,
            400, "$"),
        post(path, "NDJSON separated by CR only", VALID + "}\r" + VALID + "}", NDJSON, 400, "$"),
        post(path, "NDJSON with a bad rating", line + VALID + ", \"rating\": 9}\n", NDJSON, 400,
            "rating"),
        row(path, "NDJSON with invalid UTF-8", concat(utf8(line), new byte[] {(byte) 0xC0,
            (byte) 0xFF, '\n'}, utf8(line)), NDJSON, 400, "$"),
        post(path, "NDJSON over the batch limit", line.repeat(MAX_BATCH + 1), NDJSON, 413, "$"),
        post(path, "NDJSON oversize body", line + " ".repeat(MAX_BODY) + "\n", NDJSON, 413,
            "$"));
  }

  // ------------------------------------------------------------------------------ the test

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRequests")
  @Timeout(30)
  void hostileRequestGetsA4xxProblemDetailNamingTheFieldAndPublishesNothing(
      String name, String path, byte[] body, String contentType, int status, String field)
      throws Exception {
    if (topic == null) {
      topic = new RatingsTopicReader(broker.bootstrapServers());
    }
    Map<TopicPartition, Long> before = topic.endOffsets();

    WebTestClient.RequestBodySpec request = client.post().uri(path);
    if (contentType != null) {
      request.header(HttpHeaders.CONTENT_TYPE, contentType);
    }
    EntityExchangeResult<byte[]> result = request.bodyValue(body).exchange()
        .expectBody().returnResult();

    ProblemAssertions.Answer answer = ProblemAssertions.assertProblem(result, status, name);
    String text = answer.text();
    JsonNode problem = answer.problem();
    assertThat(problem.get("errors")).as("errors of %s: %s", name, text).isNotNull();
    assertThat(problem.get("errors").findValuesAsText("field"))
        .as("fields of %s: %s", name, text).contains(field);

    assertThat(topic.endOffsets()).as("ratings end offsets").isEqualTo(before);
  }

  /** The harness itself: the same client and limits do accept good requests. */
  @Test
  void wellFormedRequestsAtTheLimitsAreAccepted() {
    client.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(VALID + ", \"rating\": 5, \"event_id\": \"" + "x".repeat(128) + "\"}")
        .exchange().expectStatus().isAccepted();
    client.post().uri("/ratings/batch").contentType(MediaType.parseMediaType(NDJSON))
        .bodyValue((VALID + "}\n").repeat(MAX_BATCH)).exchange().expectStatus().isAccepted();
  }

  // ------------------------------------------------------------------------------ helpers

  private static Arguments rating(String path, String name, String value, String field) {
    return post(path, name, VALID + ", \"rating\": " + value + "}", JSON, 400, field);
  }

  private static Arguments eventTime(String path, String name, String value, String field) {
    return post(path, name, VALID + ", \"event_time\": " + value + "}", JSON, 400, field);
  }

  private static Arguments eventId(String path, String name, String value, String field) {
    return post(path, name, VALID + ", \"event_id\": " + value + "}", JSON, 400, field);
  }

  private static Arguments post(String path, String name, String body, String contentType,
                                int status, String field) {
    return row(path, name, utf8(body), contentType, status, field);
  }

  private static Arguments row(String path, String name, byte[] body, String contentType,
                               int status, String field) {
    String shown = path + ": " + name;
    return Arguments.of(shown.length() > 120 ? shown.substring(0, 120) + "…" : shown, path, body,
        contentType, status, field);
  }
}
