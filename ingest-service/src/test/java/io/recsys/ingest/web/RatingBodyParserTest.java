package io.recsys.ingest.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatingBodyParserTest {

  final RatingBodyParser parser = new RatingBodyParser();

  @Test
  void ndjsonSkipsBlankLinesAndToleratesCrlfAndAMissingFinalNewline() {
    List<FieldError> errors = new ArrayList<>();
    List<JsonNode> items = parser.parseNdjson(
        "\n{\"a\":1}\r\n   \r\n{\"a\":2}\n\n{\"a\":3}".getBytes(UTF_8), errors);
    assertThat(errors).isEmpty();
    assertThat(items).extracting(n -> n.get("a").asInt()).containsExactly(1, 2, 3);
  }

  @Test
  void malformedNdjsonLinesAreReportedByItemIndexAndTheRestIsStillParsed() {
    List<FieldError> errors = new ArrayList<>();
    List<JsonNode> items = parser.parseNdjson("{\"a\":1}\n{oops\n{\"a\":3} 4\n{\"a\":4}\n"
        .getBytes(UTF_8), errors);
    assertThat(items).hasSize(4);
    assertThat(items.get(1)).isNull();
    assertThat(items.get(2)).isNull();
    assertThat(items.get(3).get("a").asInt()).isEqualTo(4);
    assertThat(errors).extracting(FieldError::index).containsExactly(1, 2);
    assertThat(errors).extracting(FieldError::field).containsOnly("$");
  }

  @Test
  void jsonArrayElementsInOrder() {
    assertThat(parser.parseArray("[{\"a\":1}, 2, \"x\"]".getBytes(UTF_8))).hasSize(3);
    assertThatThrownBy(() -> parser.parseArray("{\"a\":1}".getBytes(UTF_8)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("JSON array");
  }

  @Test
  void emptyMalformedAndDuplicateKeyBodiesAreMalformed() {
    for (String body : List.of("", "  \n", "{", "{\"a\":1,\"a\":2}", "{} []", "nul")) {
      assertThatThrownBy(() -> parser.parseOne(body.getBytes(UTF_8)), body)
          .isInstanceOfSatisfying(InvalidRequestException.class, e ->
              assertThat(e.reason()).isEqualTo(InvalidRequestException.Reason.MALFORMED));
    }
  }
}
