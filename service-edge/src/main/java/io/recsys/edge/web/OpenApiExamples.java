package io.recsys.edge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Puts a service's examples into its OpenAPI document ({@code /v3/api-docs}), replacing any an
 * annotation gives. A service's {@code ApiExamples} extends this class and holds the data: one
 * {@link Operation} per {@code "METHOD /path"} as the document names it. The examples are
 * parsed once, in the constructor, so a malformed one fails at start-up; an operation of the
 * document without examples is logged (a warning naming the subclass to add them to).
 */
public class OpenApiExamples implements OpenApiCustomizer {

  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** An example body: JSON (shown in the document as a value) or text as it is sent. */
  public record Body(String text, boolean isJson) {

    public static Body json(String text) {
      return new Body(text, true);
    }

    public static Body text(String text) {
      return new Body(text, false);
    }
  }

  /**
   * One answer of an operation.
   *
   * @param status      the status it belongs to
   * @param description the answer's description, where the document has no answer for the
   *                    status yet
   * @param mediaType   the media type it is shown for where the answer has none; otherwise it
   *                    is shown for each media type the answer has
   * @param body        the example
   */
  public record Response(String status, String description, String mediaType, Body body) {
  }

  /**
   * One operation's examples.
   *
   * @param requests  request bodies by media type, each shown for its media type (added to the
   *                  request body's content where missing); empty when the operation takes
   *                  none
   * @param responses the answers
   */
  public record Operation(Map<String, Body> requests, List<Response> responses) {
  }

  private record Answer(String status, String description, String mediaType, Object value) {
  }

  private record Values(Map<String, Object> requests, List<Answer> answers) {
  }

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final Map<String, Values> values = new LinkedHashMap<>();

  /**
   * @param examples  a service's examples by operation ({@code "POST /ratings"}), in its own
   *                  shape
   * @param operation turns one of them into what the document gets
   */
  protected <T> OpenApiExamples(Map<String, T> examples,
                                Function<? super T, Operation> operation) {
    examples.forEach((name, data) -> {
      Operation op = operation.apply(data);
      Map<String, Object> requests = new LinkedHashMap<>();
      op.requests().forEach((type, body) -> requests.put(type, value(name, body)));
      List<Answer> answers = new ArrayList<>();
      op.responses().forEach(r -> answers.add(new Answer(r.status(), r.description(),
          r.mediaType(), value(name, r.body()))));
      values.put(name, new Values(requests, answers));
    });
  }

  @Override
  public void customise(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
      Values examples = values.get(method + " " + path);
      if (examples == null) {
        log.warn("No examples for {} {} in the OpenAPI document; add them to {}", method, path,
            getClass().getName());
      } else {
        apply(op, examples);
      }
    }));
  }

  private static void apply(io.swagger.v3.oas.models.Operation op, Values examples) {
    if (!examples.requests().isEmpty() && op.getRequestBody() != null) {
      Content content = op.getRequestBody().getContent() == null ? new Content()
          : op.getRequestBody().getContent();
      examples.requests().forEach((type, value) -> content.computeIfAbsent(type,
          t -> new MediaType()).setExamples(Map.of("example", new Example().value(value))));
      op.getRequestBody().setContent(content);
    }
    if (op.getResponses() == null) {
      op.setResponses(new ApiResponses());
    }
    for (Answer answer : examples.answers()) {
      ApiResponse response = op.getResponses().computeIfAbsent(answer.status(),
          s -> new ApiResponse().description(answer.description()));
      response.setContent(setExample(response.getContent(), answer.mediaType(),
          answer.value()));
    }
  }

  /** The example on every media type of {@code content} (one of {@code defaultType} if none). */
  private static Content setExample(Content content, String defaultType, Object value) {
    Content out = content == null ? new Content() : content;
    if (out.isEmpty()) {
      out.addMediaType(defaultType, new MediaType());
    }
    out.values().forEach(type -> type.setExamples(Map.of("example", new Example().value(value))));
    return out;
  }

  private static Object value(String operation, Body body) {
    if (!body.isJson()) {
      return body.text();
    }
    try {
      return MAPPER.readValue(body.text(), Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An example of " + operation + " is not JSON: "
          + e.getOriginalMessage(), e);
    }
  }
}
