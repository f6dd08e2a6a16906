package io.recsys.recommender.e2e;

import static io.recsys.edge.web.RequestBodies.concat;
import static io.recsys.edge.web.RequestBodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.edge.web.ProblemAssertions;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Hostile input at every endpoint of the recommender, on a real broker with a real bundle:
 * each request gets a 4xx RFC 7807 ProblemDetail naming the field at fault (never a 500, never
 * a hang), and nothing reaches the {@code ratings} topic. One row = endpoint, body bytes,
 * content type, expected status, expected field.
 */
@Tag("slow")
class HostileRequestsTest {

  static final String JSON = MediaType.APPLICATION_JSON_VALUE;
  static final int MAX_BODY = 64 * 1024;
  static final int MAX_K = 1000;
  static final int MAX_BATCH_USERS = 1000;
  static final int MAX_FILTER_VALUES = 64;
  static final int MAX_STRING_LENGTH = 64;

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static WebTestClient http;
  private static KafkaConsumer<byte[], byte[]> offsets;
  private static List<TopicPartition> ratings;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("recommender-hostile");
    broker = EmbeddedKafkaBroker.start(0, null);
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 2, (short) 1);
    app = RecommenderApplication.start(Map.of(
        RecommenderApplication.PORT, 0,
        RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        RecommenderApplication.MODEL_DIR, ReferenceBundle.write(work.resolve("bundle")).toString(),
        "recsys.recommender.state-dir", work.resolve("streams").toString(),
        "recsys.recommender.max-body-size", MAX_BODY + "B",
        "recsys.recommender.max-k", MAX_K,
        "recsys.recommender.max-batch-users", MAX_BATCH_USERS,
        "recsys.recommender.max-filter-values", MAX_FILTER_VALUES,
        "recsys.recommender.max-string-length", MAX_STRING_LENGTH));
    http = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + RecommenderApplication.port(app))
        .responseTimeout(Duration.ofSeconds(20)).build();
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    offsets = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    ratings = offsets.partitionsFor(Topics.RATINGS.name(), Duration.ofSeconds(30)).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    Health.await(http);
  }

  @AfterAll
  static void stop() {
    if (offsets != null) {
      offsets.close(Duration.ofSeconds(5));
    }
    if (app != null) {
      app.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  // ------------------------------------------------------------------------------ the table

  static Stream<Arguments> hostileRequests() {
    List<Arguments> rows = new ArrayList<>();
    // each endpoint with a body that is valid for it, then spoiled in every generic way
    Map<String, String> valid = Map.of(
        "/recommend_fast", "{\"user_id\": 1",
        "/recommend_filter", "{\"user_id\": 1, \"filters\": {}",
        "/recommend_batch", "{\"user_ids\": [1]",
        "/update_user", "{\"user_id\": 1, \"movie_id\": 1");
    for (String path : List.of("/recommend_fast", "/recommend_filter", "/recommend_batch",
        "/update_user")) {
      String open = valid.get(path); // the valid body without its closing brace
      String firstKey = open.substring(2, open.indexOf('"', 2));
      rows.add(post(path, "malformed JSON", open + ",", JSON, 400, "$"));
      rows.add(post(path, "not JSON at all", "hello", JSON, 400, "$"));
      rows.add(post(path, "empty body", "", JSON, 400, "$"));
      rows.add(post(path, "only whitespace", " \r\n\t ", JSON, 400, "$"));
      rows.add(post(path, "JSON null", "null", JSON, 400, "$"));
      rows.add(post(path, "array instead of object", "[" + open + "}]", JSON, 400, "$"));
      rows.add(post(path, "a bare number", "42", JSON, 400, "$"));
      rows.add(post(path, "a bare string", "\"user_id\"", JSON, 400, "$"));
      rows.add(post(path, "trailing garbage", open + "} xyz", JSON, 400, "$"));
      rows.add(post(path, "two objects", open + "} " + open + "}", JSON, 400, "$"));
      rows.add(post(path, "duplicate key", open + ", \"" + firstKey + "\": 2}", JSON, 400, "$"));
      rows.add(post(path, "single quotes", open.replace('"', '\'') + "}", JSON, 400, "$"));
      rows.add(post(path, "a comment", "/* hi */ " + open + "}", JSON, 400, "$"));
      rows.add(row(path + ": invalid UTF-8 before the JSON", HttpMethod.POST, path,
          concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8(open + "}")), JSON, 400, "$"));
      rows.add(row(path + ": invalid UTF-8 inside a string", HttpMethod.POST, path,
          concat(utf8(open + ", \"x\": \""), new byte[] {(byte) 0xC3, 0x28}, utf8("\"}")), JSON,
          400, "$"));
      rows.add(row(path + ": a raw control character in a string", HttpMethod.POST, path,
          concat(utf8(open + ", \"x\": \""), new byte[] {1}, utf8("\"}")), JSON, 400, "$"));
      rows.add(row(path + ": gzip bytes sent as JSON", HttpMethod.POST, path,
          new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3}, JSON, 400, "$"));
      rows.add(post(path, "an array nested 5000 deep as the body", "[".repeat(5000)
          + "]".repeat(5000), JSON, 400, "$"));
      rows.add(post(path, "a value nested 5000 deep", "{\"" + firstKey + "\": "
          + "[".repeat(5000) + "]".repeat(5000) + "}", JSON, 400, firstKey));
      rows.add(post(path, "a number of 5000 digits", "{\"" + firstKey + "\": " + "9".repeat(5000)
          + "}", JSON, 400, "$"));
      rows.add(post(path, "unknown field", open + ", \"colour\": \"red\"}", JSON, 400,
          "colour"));
      rows.add(post(path, "a thousand unknown fields", open + IntStream.range(0, 1000)
          .mapToObj(i -> ", \"f" + i + "\": " + i).collect(Collectors.joining()) + "}", JSON, 400,
          "f0"));
      rows.add(post(path, "wrong content type", open + "}", "text/plain", 415, "Content-Type"));
      rows.add(post(path, "XML content type", "<user_id>1</user_id>", "application/xml", 415,
          "Content-Type"));
      rows.add(post(path, "form content type", "user_id=1", "application/x-www-form-urlencoded",
          415, "Content-Type"));
      rows.add(post(path, "NDJSON content type", open + "}\n", "application/x-ndjson", 415,
          "Content-Type"));
      rows.add(post(path, "no content type", open + "}", null, 415, "Content-Type"));
      rows.add(post(path, "oversize body", open + " ".repeat(MAX_BODY) + "}", JSON, 413, "$"));
      rows.add(post(path, "a 1 MB string", open + ", \"x\": \"" + "x".repeat(1 << 20) + "\"}",
          JSON, 413, "$"));
    }
    for (String path : new String[] {"/recommend_fast", "/recommend_filter"}) {
      rows.addAll(userIdAndK(path));
    }
    rows.addAll(filterRows());
    rows.addAll(batchRows());
    rows.addAll(updateRows());
    rows.addAll(getRows());
    return rows.stream();
  }

  private static List<Arguments> userIdAndK(String path) {
    return List.of(
        post(path, "missing user_id", "{\"k\": 5}", JSON, 400, "user_id"),
        post(path, "null user_id", "{\"user_id\": null}", JSON, 400, "user_id"),
        post(path, "user_id as string", "{\"user_id\": \"1\"}", JSON, 400, "user_id"),
        post(path, "fractional user_id", "{\"user_id\": 1.5}", JSON, 400, "user_id"),
        post(path, "boolean user_id", "{\"user_id\": true}", JSON, 400, "user_id"),
        post(path, "object user_id", "{\"user_id\": {\"id\": 1}}", JSON, 400, "user_id"),
        post(path, "zero user_id", "{\"user_id\": 0}", JSON, 400, "user_id"),
        post(path, "negative user_id", "{\"user_id\": -7}", JSON, 400, "user_id"),
        post(path, "user_id beyond long", "{\"user_id\": 9223372036854775808}", JSON, 400,
            "user_id"),
        post(path, "user_id 1e30", "{\"user_id\": 1e30}", JSON, 400, "user_id"),
        post(path, "user_id NaN string", "{\"user_id\": \"NaN\"}", JSON, 400, "user_id"),
        post(path, "k 0", "{\"user_id\": 1, \"k\": 0}", JSON, 400, "k"),
        post(path, "k negative", "{\"user_id\": 1, \"k\": -5}", JSON, 400, "k"),
        post(path, "k 10^9", "{\"user_id\": 1, \"k\": 1000000000}", JSON, 400, "k"),
        post(path, "k beyond int", "{\"user_id\": 1, \"k\": 3000000000}", JSON, 400, "k"),
        post(path, "k beyond long", "{\"user_id\": 1, \"k\": 99999999999999999999}", JSON, 400,
            "k"),
        post(path, "k as string", "{\"user_id\": 1, \"k\": \"10\"}", JSON, 400, "k"),
        post(path, "k fractional", "{\"user_id\": 1, \"k\": 2.5}", JSON, 400, "k"),
        post(path, "k NaN token", "{\"user_id\": 1, \"k\": NaN}", JSON, 400, "$"));
  }

  private static List<Arguments> filterRows() {
    String path = "/recommend_filter";
    String manyGenres = IntStream.range(0, 5000).mapToObj(i -> "\"g" + i + "\"")
        .collect(Collectors.joining(",", "[", "]"));
    return List.of(
        filter("unknown filter field", "{\"colour\": \"red\"}", 400, "filters.colour"),
        filter("filters as an array", "[\"Action\"]", 400, "filters"),
        filter("filters as a string", "\"Action\"", 400, "filters"),
        filter("genres as a string", "{\"genres\": \"Action\"}", 400, "filters.genres"),
        filter("genres as an object", "{\"genres\": {\"a\": 1}}", 400, "filters.genres"),
        filter("a null genre", "{\"genres\": [null]}", 400, "filters.genres"),
        filter("a blank genre", "{\"genres\": [\" \"]}", 400, "filters.genres"),
        filter("a numeric genre", "{\"genres\": [7]}", 400, "filters.genres"),
        filter("nested genre arrays", "{\"genres\": [[\"Action\"]]}", 400, "filters.genres"),
        filter("a boolean genre", "{\"genres\": [true]}", 400, "filters.genres"),
        filter("a fractional genre", "{\"genres\": [1.5]}", 400, "filters.genres"),
        filter("5000 genres", "{\"genres\": " + manyGenres + "}", 400, "filters.genres"),
        filter("one genre over the length limit",
            "{\"genres\": [\"" + "x".repeat(MAX_STRING_LENGTH + 1) + "\"]}", 400,
            "filters.genres"),
        filter("a 60 kB genre", "{\"genres\": [\"" + "x".repeat(60_000) + "\"]}", 400,
            "filters.genres"),
        filter("year_min as string", "{\"year_min\": \"1990\"}", 400, "filters.year_min"),
        filter("year_min fractional", "{\"year_min\": 1990.5}", 400, "filters.year_min"),
        filter("year_min beyond int", "{\"year_min\": 99999999999}", 400, "filters.year_min"),
        filter("year_max negative", "{\"year_max\": -2000}", 400, "filters.year_max"),
        filter("year_min after year_max", "{\"year_min\": 2000, \"year_max\": 1990}", 400,
            "filters.year_min"),
        filter("rating_min NaN string", "{\"rating_min\": \"NaN\"}", 400, "filters.rating_min"),
        filter("rating_min Infinity string", "{\"rating_min\": \"Infinity\"}", 400,
            "filters.rating_min"),
        filter("rating_min -Infinity string", "{\"rating_min\": \"-Infinity\"}", 400,
            "filters.rating_min"),
        filter("rating_min NaN token", "{\"rating_min\": NaN}", 400, "$"),
        filter("rating_min Infinity token", "{\"rating_min\": Infinity}", 400, "$"),
        filter("rating_min 1e400", "{\"rating_min\": 1e400}", 400, "filters.rating_min"),
        filter("rating_min negative", "{\"rating_min\": -1}", 400, "filters.rating_min"),
        filter("rating_min as string", "{\"rating_min\": \"3.5\"}", 400, "filters.rating_min"),
        post(path, "k 0 with filters", "{\"user_id\": 1, \"k\": 0, \"filters\": {}}", JSON, 400,
            "k"));
  }

  private static List<Arguments> batchRows() {
    String path = "/recommend_batch";
    String tooMany = IntStream.rangeClosed(1, MAX_BATCH_USERS + 1).mapToObj(Integer::toString)
        .collect(Collectors.joining(",", "[", "]"));
    return List.of(
        post(path, "missing user_ids", "{\"k\": 5}", JSON, 400, "user_ids"),
        post(path, "empty user_ids", "{\"user_ids\": []}", JSON, 400, "user_ids"),
        post(path, "user_ids not a list", "{\"user_ids\": 5}", JSON, 400, "user_ids"),
        post(path, "user_ids a string", "{\"user_ids\": \"1,2\"}", JSON, 400, "user_ids"),
        post(path, "too many user_ids", "{\"user_ids\": " + tooMany + "}", JSON, 400, "user_ids"),
        post(path, "a negative id", "{\"user_ids\": [1, -2]}", JSON, 400, "user_ids[1]"),
        post(path, "a zero id", "{\"user_ids\": [0]}", JSON, 400, "user_ids[0]"),
        post(path, "a null id", "{\"user_ids\": [1, null]}", JSON, 400, "user_ids[1]"),
        post(path, "a string id", "{\"user_ids\": [1, 2, \"x\"]}", JSON, 400, "user_ids[2]"),
        post(path, "an id beyond long", "{\"user_ids\": [9223372036854775808]}", JSON, 400,
            "user_ids[0]"),
        post(path, "a fractional id", "{\"user_ids\": [1.5]}", JSON, 400, "user_ids[0]"),
        post(path, "k 10^9", "{\"user_ids\": [1], \"k\": 1000000000}", JSON, 400, "k"),
        post(path, "k beyond int", "{\"user_ids\": [1], \"k\": 3000000000}", JSON, 400, "k"),
        post(path, "k negative", "{\"user_ids\": [1], \"k\": -1}", JSON, 400, "k"));
  }

  private static List<Arguments> updateRows() {
    String path = "/update_user";
    return List.of(
        update("missing movie_id", "{\"user_id\": 1, \"rating\": 4}", "movie_id"),
        update("missing user_id", "{\"movie_id\": 1, \"rating\": 4}", "user_id"),
        update("zero movie_id", "{\"user_id\": 1, \"movie_id\": 0}", "movie_id"),
        update("negative user_id", "{\"user_id\": -1, \"movie_id\": 1}", "user_id"),
        update("movie_id beyond long", "{\"user_id\": 1, \"movie_id\": 18446744073709551616}",
            "movie_id"),
        update("movie_id as string", "{\"user_id\": 1, \"movie_id\": \"1193\"}", "movie_id"),
        update("rating NaN string", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": \"NaN\"}",
            "rating"),
        update("rating Infinity string",
            "{\"user_id\": 1, \"movie_id\": 1, \"rating\": \"Infinity\"}", "rating"),
        update("rating -Infinity string",
            "{\"user_id\": 1, \"movie_id\": 1, \"rating\": \"-Infinity\"}", "rating"),
        update("rating NaN token", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": NaN}", "$"),
        update("rating Infinity token",
            "{\"user_id\": 1, \"movie_id\": 1, \"rating\": Infinity}", "$"),
        update("rating 1e400", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 1e400}", "rating"),
        update("rating 0", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 0}", "rating"),
        update("rating negative", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": -4}", "rating"),
        update("rating 5.5", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 5.5}", "rating"),
        update("rating not a half step", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 4.2}",
            "rating"),
        update("rating just off a half step",
            "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 4.50000001}", "rating"),
        update("rating as string", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": \"4.5\"}",
            "rating"),
        update("rating boolean", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": true}", "rating"),
        update("rating as an array", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": [4]}",
            "rating"),
        update("unknown field event_time",
            "{\"user_id\": 1, \"movie_id\": 1, \"event_time\": \"x\"}", "event_time"));
  }

  private static List<Arguments> getRows() {
    String stream = "/recommendations/stream";
    return List.of(
        get("/users/0/history", "user_id"),
        get("/users/-1/history", "user_id"),
        get("/users/abc/history", "user_id"),
        get("/users/1.5/history", "user_id"),
        get("/users/99999999999999999999/history", "user_id"),
        get("/users/" + "9".repeat(2000) + "/history", "user_id"),
        get(stream, "user_id"),
        get(stream + "?user_id=", "user_id"),
        get(stream + "?user_id=abc", "user_id"),
        get(stream + "?user_id=0", "user_id"),
        get(stream + "?user_id=-3", "user_id"),
        get(stream + "?user_id=NaN", "user_id"),
        get(stream + "?user_id=99999999999999999999", "user_id"),
        get(stream + "?user_id=" + "9".repeat(2000), "user_id"));
  }

  // ------------------------------------------------------------------------------ the test

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRequests")
  @Timeout(30)
  void hostileRequestGetsA4xxProblemDetailNamingTheFieldAndPublishesNothing(
      String name, HttpMethod method, String path, byte[] body, String contentType,
      int status, String field) throws Exception {
    Map<TopicPartition, Long> before = offsets.endOffsets(ratings, Duration.ofSeconds(10));

    WebTestClient.RequestBodySpec request = http.method(method).uri(path);
    if (contentType != null) {
      request.header(HttpHeaders.CONTENT_TYPE, contentType);
    }
    if (path.startsWith("/recommendations/stream")) {
      request.accept(MediaType.TEXT_EVENT_STREAM); // what a browser's EventSource sends
    }
    EntityExchangeResult<byte[]> result = (body == null ? request : request.bodyValue(body))
        .exchange().expectBody().returnResult();

    ProblemAssertions.Answer answer = ProblemAssertions.assertProblem(result, status, name);
    String text = answer.text();
    JsonNode problem = answer.problem();
    assertThat(problem.get("errors")).as("errors of %s: %s", name, text).isNotNull();
    assertThat(problem.get("errors").findValuesAsText("field")).as("fields of %s: %s", name, text)
        .anySatisfy(f -> assertThat(f.equals(field) || f.startsWith(field + "[")
            || f.startsWith(field + ".")).as("%s names %s", f, field).isTrue());

    assertThat(offsets.endOffsets(ratings, Duration.ofSeconds(10))).as("ratings end offsets")
        .isEqualTo(before);
  }

  /** The harness itself: the same client and headers do get answers for good requests. */
  @Test
  void wellFormedRequestsStillSucceed() {
    http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"user_id\": 1, \"k\": " + MAX_K + "}").exchange().expectStatus().isOk();
    http.post().uri("/recommend_filter").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"user_id\": 1, \"filters\": {\"genres\": [\"" + "x".repeat(MAX_STRING_LENGTH)
            + "\"], \"rating_min\": 0}}").exchange().expectStatus().isOk();
    http.post().uri("/recommend_batch").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"user_ids\": " + IntStream.rangeClosed(1, MAX_BATCH_USERS)
            .mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]")) + ", \"k\": 1}")
        .exchange().expectStatus().isOk();
    http.get().uri("/users/1/history").exchange().expectStatus().isOk();
  }

  // ------------------------------------------------------------------------------ helpers

  private static Arguments post(String path, String name, String body, String contentType,
                                int status, String field) {
    return row(path + ": " + name, HttpMethod.POST, path, utf8(body), contentType, status, field);
  }

  private static Arguments filter(String name, String filters, int status, String field) {
    return post("/recommend_filter", name, "{\"user_id\": 1, \"filters\": " + filters + "}", JSON,
        status, field);
  }

  private static Arguments update(String name, String body, String field) {
    return post("/update_user", name, body, JSON, 400, field);
  }

  private static Arguments get(String path, String field) {
    String shown = path.length() > 80 ? path.substring(0, 60) + "…(" + path.length() + ")" : path;
    return row("GET " + shown, HttpMethod.GET, path, null, null, 400, field);
  }

  private static Arguments row(String name, HttpMethod method, String path, byte[] body,
                               String contentType, int status, String field) {
    String shown = name.length() > 120 ? name.substring(0, 120) + "…" : name;
    return Arguments.of(shown, method, path, body, contentType, status, field);
  }

}
