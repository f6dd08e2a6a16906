package io.recsys.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** Checks of a refused request's answer, as every service's hostile-input tests make them. */
public final class ProblemAssertions {

  /** Longest answer to a refused request; a longer one echoes what it was sent. */
  public static final int MAX_ANSWER_CHARS = 16_384;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProblemAssertions() {
  }

  /** An answer's text and its body as JSON. */
  public record Answer(String text, JsonNode problem) {
  }

  /**
   * The answer is an RFC 7807 problem ({@code application/problem+json}) of {@code status} with
   * a title, and gives nothing internal away: no exception, stack frame, package or Java type
   * name, and under {@link #MAX_ANSWER_CHARS} characters.
   *
   * @param what the request, for the assertions' messages
   */
  public static Answer assertProblem(EntityExchangeResult<byte[]> result, int status,
                                     String what) throws JsonProcessingException {
    String text = result.getResponseBody() == null ? ""
        : new String(result.getResponseBody(), StandardCharsets.UTF_8);
    assertThat(result.getStatus().value()).as("status of %s, answer %s", what, text)
        .isEqualTo(status);
    assertThat(result.getResponseHeaders().getContentType()).as("content type of %s", what)
        .isNotNull()
        .satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .as("%s is problem+json", t).isTrue());
    JsonNode problem = MAPPER.readTree(text);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(text).as("no internals in %s", text)
        .doesNotContain("Exception", "\tat ", "io.recsys", "java.lang", "com.fasterxml");
    assertThat(text.length()).as("answer size").isLessThan(MAX_ANSWER_CHARS);
    return new Answer(text, problem);
  }
}
