package io.recsys.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The HTTP API end to end against a real in-process Kafka broker: what is accepted arrives on
 * the ratings topic with the right key and fields; what is refused leaves the topic untouched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "recsys.ingest.max-body-size=256KB",
    "recsys.ingest.max-batch-size=500"})
@AutoConfigureObservability(tracing = false) // Boot turns metric exporters off in tests otherwise
@DirtiesContext
class IngestApiIntegrationTest {

  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

  static EmbeddedKafkaBroker broker;

  @TestConfiguration
  static class FixedClock {
    @Bean
    @Primary
    Clock fixedClock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(0, null);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("recsys.kafka.bootstrap-servers", () -> broker.bootstrapServers());
  }

  @Autowired
  WebTestClient client;

  RatingsTopicReader topic;
  Map<TopicPartition, Long> before;

  @BeforeEach
  void rememberOffsets() {
    topic = new RatingsTopicReader(broker.bootstrapServers());
    before = topic.endOffsets();
  }

  @AfterEach
  void closeReader() {
    topic.close();
  }

  private long publishedSinceStart() {
    Map<TopicPartition, Long> now = topic.endOffsets();
    return now.entrySet().stream().mapToLong(e -> e.getValue() - before.get(e.getKey())).sum();
  }

  private List<ConsumerRecord<Long, RatingEvent>> readPublished(int expected) {
    List<ConsumerRecord<Long, RatingEvent>> records =
        topic.read(before, expected, Duration.ofSeconds(20));
    assertThat(publishedSinceStart()).as("records written").isEqualTo(expected);
    return records;
  }

  // ---------------------------------------------------------------- accepted events arrive

  @Test
  void singleEventArrivesKeyedByUserWithAllFields() {
    JsonNode answer = client.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("""
            {"user_id": 42, "movie_id": 1193, "rating": 4.5,
             "event_time": "2024-05-01T12:00:00.123456+02:00", "event_id": "ev-1"}""")
        .exchange()
        .expectStatus().isAccepted()
        .expectBody(JsonNode.class).returnResult().getResponseBody();

    ConsumerRecord<Long, RatingEvent> record = readPublished(1).get(0);
    assertThat(record.key()).isEqualTo(42L);
    assertThat(record.value()).isEqualTo(new RatingEvent("ev-1", 42L, 1193L, 4.5f,
        Instant.parse("2024-05-01T10:00:00.123Z"), EventSource.HTTP));
    assertThat(answer.get("event_id").asText()).isEqualTo("ev-1");
    assertThat(answer.get("partition").asInt()).isEqualTo(record.partition());
    assertThat(answer.get("offset").asLong()).isEqualTo(record.offset());
  }

  @Test
  void defaultsAreTheClocksTimeAndAGeneratedIdAndANullRatingIsKept() {
    JsonNode answer = client.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"user_id\": 7, \"movie_id\": 3, \"rating\": null}")
        .exchange()
        .expectStatus().isAccepted()
        .expectBody(JsonNode.class).returnResult().getResponseBody();

    RatingEvent event = readPublished(1).get(0).value();
    assertThat(event.getEventTime()).isEqualTo(NOW);
    assertThat(event.getRating()).isNull();
    assertThat(event.getEventId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}"
        + "-[0-9a-f]{12}").isEqualTo(answer.get("event_id").asText());
  }

  @Test
  void updateUserIsPrototypeCompatibleAndPublishes() {
    client.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"user_id\": 1, \"movie_id\": 1193, \"rating\": 5.0}")
        .exchange()
        .expectStatus().isAccepted()
        .expectBody()
        .jsonPath("$.status").isEqualTo("accepted")
        .jsonPath("$.user_id").isEqualTo(1)
        .jsonPath("$.movie_id").isEqualTo(1193)
        .jsonPath("$.event_id").isNotEmpty()
        .jsonPath("$.partition").isNumber()
        .jsonPath("$.offset").isNumber();

    ConsumerRecord<Long, RatingEvent> record = readPublished(1).get(0);
    assertThat(record.key()).isEqualTo(1L);
    assertThat(record.value().getMovieId()).isEqualTo(1193L);
    assertThat(record.value().getRating()).isEqualTo(5.0f);
  }

  @Test
  void jsonArrayBatchArrivesWhole() {
    int n = 300;
    String body = IntStream.range(0, n).mapToObj(i -> String.format(
            "{\"user_id\": %d, \"movie_id\": %d, \"rating\": %.1f, \"event_id\": \"b-%d\"}",
            1 + i % 37, 100 + i, 0.5 + (i % 10) * 0.5, i))
        .collect(Collectors.joining(",", "[", "]"));

    client.post().uri("/ratings/batch").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange()
        .expectStatus().isAccepted()
        .expectBody()
        .jsonPath("$.accepted").isEqualTo(n)
        .jsonPath("$.topic").isEqualTo("ratings")
        .jsonPath("$.events").doesNotExist()
        .jsonPath("$.partitions[0].count").isNumber();

    List<ConsumerRecord<Long, RatingEvent>> records = readPublished(n);
    assertThat(records).allSatisfy(r -> {
      assertThat(r.key()).isEqualTo(r.value().getUserId());
      int i = Integer.parseInt(r.value().getEventId().substring(2));
      assertThat(r.value().getMovieId()).isEqualTo(100L + i);
      assertThat(r.value().getRating()).isEqualTo((float) (0.5 + (i % 10) * 0.5));
      assertThat(r.value().getSource()).isEqualTo(EventSource.HTTP);
    });
    assertThat(records).extracting(r -> r.value().getEventId()).doesNotHaveDuplicates();
  }

  @Test
  void ndjsonBatchArrivesWholeAndVerboseListsEveryEvent() {
    String body = "{\"user_id\": 5, \"movie_id\": 1}\r\n\n"
        + "{\"user_id\": 6, \"movie_id\": 2, \"rating\": 2.5}\n"
        + "  \n{\"user_id\": 5, \"movie_id\": 3, \"event_time\": \"2001-01-01T00:00:00Z\"}";

    JsonNode answer = client.post().uri("/ratings/batch?verbose=true").contentType(NDJSON)
        .bodyValue(body)
        .exchange()
        .expectStatus().isAccepted()
        .expectBody(JsonNode.class).returnResult().getResponseBody();

    assertThat(answer.get("accepted").asInt()).isEqualTo(3);
    List<ConsumerRecord<Long, RatingEvent>> records = readPublished(3);
    for (JsonNode event : answer.get("events")) {
      ConsumerRecord<Long, RatingEvent> record = records.stream()
          .filter(r -> r.value().getEventId().equals(event.get("event_id").asText()))
          .findFirst().orElseThrow();
      assertThat(record.partition()).isEqualTo(event.get("partition").asInt());
      assertThat(record.offset()).isEqualTo(event.get("offset").asLong());
    }
    assertThat(records).extracting(r -> r.value().getMovieId())
        .containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(records).filteredOn(r -> r.value().getMovieId() == 3L).singleElement()
        .satisfies(r -> assertThat(r.value().getEventTime())
            .isEqualTo(Instant.parse("2001-01-01T00:00:00Z")));
  }

  // ---------------------------------------------------------------- refused input publishes nothing

  static Stream<Arguments> invalidEvents() {
    return Stream.of(
        Arguments.of("missing user_id", "{\"movie_id\": 1, \"rating\": 4}", "user_id"),
        Arguments.of("null user_id", "{\"user_id\": null, \"movie_id\": 1}", "user_id"),
        Arguments.of("zero user_id", "{\"user_id\": 0, \"movie_id\": 1}", "user_id"),
        Arguments.of("negative user_id", "{\"user_id\": -3, \"movie_id\": 1}", "user_id"),
        Arguments.of("user_id as string", "{\"user_id\": \"12\", \"movie_id\": 1}", "user_id"),
        Arguments.of("fractional user_id", "{\"user_id\": 1.5, \"movie_id\": 1}", "user_id"),
        Arguments.of("user_id beyond long", "{\"user_id\": 9223372036854775808, \"movie_id\": 1}",
            "user_id"),
        Arguments.of("missing movie_id", "{\"user_id\": 1}", "movie_id"),
        Arguments.of("boolean movie_id", "{\"user_id\": 1, \"movie_id\": true}", "movie_id"),
        Arguments.of("rating above 5", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 5.5}",
            "rating"),
        Arguments.of("rating 0", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 0}", "rating"),
        Arguments.of("rating not a half step", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 3.3}",
            "rating"),
        Arguments.of("rating infinite", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 1e400}",
            "rating"),
        Arguments.of("rating as string", "{\"user_id\": 1, \"movie_id\": 1, \"rating\": \"4\"}",
            "rating"),
        Arguments.of("event_time not a time",
            "{\"user_id\": 1, \"movie_id\": 1, \"event_time\": \"yesterday\"}", "event_time"),
        Arguments.of("event_time without zone",
            "{\"user_id\": 1, \"movie_id\": 1, \"event_time\": \"2024-01-01T00:00:00\"}",
            "event_time"),
        Arguments.of("event_time as epoch number",
            "{\"user_id\": 1, \"movie_id\": 1, \"event_time\": 1700000000}", "event_time"),
        Arguments.of("event_time before 1990",
            "{\"user_id\": 1, \"movie_id\": 1, \"event_time\": \"1989-12-31T23:59:59Z\"}",
            "event_time"),
        Arguments.of("event_time over a day ahead",
            "{\"user_id\": 1, \"movie_id\": 1, \"event_time\": \"2024-06-02T12:00:01Z\"}",
            "event_time"),
        Arguments.of("blank event_id", "{\"user_id\": 1, \"movie_id\": 1, \"event_id\": \" \"}",
            "event_id"),
        Arguments.of("numeric event_id", "{\"user_id\": 1, \"movie_id\": 1, \"event_id\": 5}",
            "event_id"),
        Arguments.of("overlong event_id", "{\"user_id\": 1, \"movie_id\": 1, \"event_id\": \""
            + "x".repeat(129) + "\"}", "event_id"),
        Arguments.of("unknown field", "{\"user_id\": 1, \"movie_id\": 1, \"timestamp\": 5}",
            "timestamp"),
        Arguments.of("malformed JSON", "{\"user_id\": 1, \"movie_id\": ", "$"),
        Arguments.of("trailing content", "{\"user_id\": 1, \"movie_id\": 1} {}", "$"),
        Arguments.of("duplicate key", "{\"user_id\": 1, \"movie_id\": 1, \"movie_id\": 2}", "$"),
        Arguments.of("array instead of object", "[{\"user_id\": 1, \"movie_id\": 1}]", "$"),
        Arguments.of("empty body", "", "$"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEvents")
  void invalidEventIsRefusedWith400NamingTheFieldAndNothingIsPublished(String rule, String body,
                                                                      String field) {
    for (String path : List.of("/ratings", "/update_user")) {
      JsonNode problem = client.post().uri(path).contentType(MediaType.APPLICATION_JSON)
          .bodyValue(body)
          .exchange()
          .expectStatus().isBadRequest()
          .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody(JsonNode.class).returnResult().getResponseBody();

      assertThat(problem.get("status").asInt()).isEqualTo(400);
      assertThat(problem.get("instance").asText()).isEqualTo(path);
      assertThat(problem.get("errors")).isNotEmpty();
      assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
      if (!field.equals("$")) {
        assertThat(problem.get("detail").asText()).contains(field);
      }
    }
    assertThat(publishedSinceStart()).isZero();
  }

  @Test
  void everyBadFieldOfOneEventIsNamed() {
    client.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"user_id\": -1, \"rating\": 9, \"extra\": 1}")
        .exchange()
        .expectStatus().isBadRequest()
        .expectBody()
        .jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields)
            .containsExactlyInAnyOrder("extra", "user_id", "movie_id", "rating"))
        .jsonPath("$.error_count").isEqualTo(4)
        .jsonPath("$.detail").value(detail -> assertThat((String) detail)
            .contains("extra", "user_id", "movie_id", "rating"));
    assertThat(publishedSinceStart()).isZero();
  }

  @Test
  void batchWithOneBadItemPublishesNothingAndNamesItsIndexAndField() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      items.add("{\"user_id\": " + (i + 1) + ", \"movie_id\": 1, \"rating\": 4}");
    }
    items.set(137, "{\"user_id\": 138, \"movie_id\": 1, \"rating\": 4.2}");

    client.post().uri("/ratings/batch").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("[" + String.join(",", items) + "]")
        .exchange()
        .expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.errors.length()").isEqualTo(1)
        .jsonPath("$.errors[0].index").isEqualTo(137)
        .jsonPath("$.errors[0].field").isEqualTo("rating")
        .jsonPath("$.detail").value(detail -> assertThat((String) detail)
            .contains("1 of 200", "item 137", "rating", "nothing"));
    assertThat(publishedSinceStart()).isZero();
  }

  @Test
  void ndjsonBatchListsEveryFailingLineIncludingMalformedOnes() {
    String body = """
        {"user_id": 1, "movie_id": 1}
        {"user_id": 2, "movie_id": 
        {"user_id": 3, "movie_id": 1, "rating": 7}
        {"user_id": 4, "movie_id": 1}
        """;
    client.post().uri("/ratings/batch").contentType(NDJSON).bodyValue(body)
        .exchange()
        .expectStatus().isBadRequest()
        .expectBody()
        .jsonPath("$.errors.length()").isEqualTo(2)
        .jsonPath("$.errors[0].index").isEqualTo(1)
        .jsonPath("$.errors[0].field").isEqualTo("$")
        .jsonPath("$.errors[1].index").isEqualTo(2)
        .jsonPath("$.errors[1].field").isEqualTo("rating");
    assertThat(publishedSinceStart()).isZero();
  }

  @Test
  void badBatchShapesAreRefused() {
    for (String body : List.of("[]", "{\"user_id\": 1, \"movie_id\": 1}", "[1, 2]", "[")) {
      client.post().uri("/ratings/batch").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody().jsonPath("$.errors").isNotEmpty();
    }
    assertThat(publishedSinceStart()).isZero();
  }

  @Test
  void batchOverTheConfiguredSizeIs413() {
    String body = IntStream.range(0, 501).mapToObj(i -> "{\"user_id\":1,\"movie_id\":1}")
        .collect(Collectors.joining("\n"));
    client.post().uri("/ratings/batch").contentType(NDJSON).bodyValue(body)
        .exchange()
        .expectStatus().isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("500"));
    assertThat(publishedSinceStart()).isZero();
  }

  @Test
  void bodyOverTheLimitIs413WithOrWithoutContentLength() {
    byte[] line = "{\"user_id\": 1, \"movie_id\": 1, \"rating\": 4.5}\n".getBytes();
    int lines = 256 * 1024 / line.length + 1;
    byte[] body = new byte[line.length * lines];
    for (int i = 0; i < lines; i++) {
      System.arraycopy(line, 0, body, i * line.length, line.length);
    }
    client.post().uri("/ratings/batch").contentType(NDJSON).bodyValue(body)
        .exchange()
        .expectStatus().isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE)
        .expectBody().jsonPath("$.status").isEqualTo(413);

    Flux<DataBuffer> chunked = Flux.range(0, lines)
        .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(line.clone()));
    client.post().uri("/ratings/batch").contentType(NDJSON)
        .body(chunked, DataBuffer.class)
        .exchange()
        .expectStatus().isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(publishedSinceStart()).isZero();
  }

  @Test
  void wrongContentTypeIs415ProblemDetail() {
    client.post().uri("/ratings").contentType(MediaType.TEXT_PLAIN)
        .bodyValue("{\"user_id\": 1, \"movie_id\": 1}")
        .exchange()
        .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(publishedSinceStart()).isZero();
  }

  // ---------------------------------------------------------------- operations

  @Test
  void healthShowsKafkaUp() {
    client.get().uri("/actuator/health").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.status").isEqualTo("UP")
        .jsonPath("$.components.kafka.status").isEqualTo("UP")
        .jsonPath("$.components.kafka.details.nodes").isEqualTo(1);
  }

  @Test
  void prometheusExposesTheIngestMeters() {
    client.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"user_id\": 9, \"movie_id\": 9}").exchange().expectStatus().isAccepted();
    client.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"user_id\": 9}").exchange().expectStatus().isBadRequest();

    String metrics = client.get().uri("/actuator/prometheus").exchange()
        .expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(metrics)
        .contains("recsys_ingest_events_accepted_total{endpoint=\"ratings\"")
        .contains("recsys_ingest_events_rejected_total{reason=\"invalid\"")
        .contains("recsys_ingest_publish_latency_seconds_bucket");
  }

  @Test
  void onlyHealthInfoAndPrometheusAreExposed() {
    client.get().uri("/actuator").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$._links.health").exists()
        .jsonPath("$._links.info").exists()
        .jsonPath("$._links.prometheus").exists()
        .jsonPath("$._links.env").doesNotExist()
        .jsonPath("$._links.beans").doesNotExist();
    client.get().uri("/actuator/info").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.app.name").isEqualTo("recsys ingest-service");
  }

  @Test
  void openApiDescribesTheEndpointsWithExamples() {
    client.get().uri("/v3/api-docs").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.paths['/ratings'].post").exists()
        .jsonPath("$.paths['/update_user'].post").exists()
        .jsonPath("$.paths['/ratings/batch'].post.requestBody.content['application/x-ndjson']")
        .exists()
        .jsonPath("$.paths['/ratings'].post.requestBody.content['application/json'].examples")
        .exists()
        .jsonPath("$.components.schemas.RatingRequest.properties.user_id").exists();
    client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
  }

  @Test
  void theWebConsoleOriginMayPostFromABrowserAndOthersMayNot() {
    client.options().uri("/ratings")
        .header("Origin", "http://localhost:8080")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "Content-Type")
        .exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals("Access-Control-Allow-Origin", "http://localhost:8080");
    client.options().uri("/ratings")
        .header("Origin", "http://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .exchange()
        .expectStatus().isForbidden();
  }
}
