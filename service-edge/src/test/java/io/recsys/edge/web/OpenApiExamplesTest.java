package io.recsys.edge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.edge.web.OpenApiExamples.Body;
import io.recsys.edge.web.OpenApiExamples.Operation;
import io.recsys.edge.web.OpenApiExamples.Response;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiExamplesTest {

  static final class Examples extends OpenApiExamples {
    Examples(Map<String, Operation> operations) {
      super(operations, op -> op);
    }
  }

  @Test
  void examplesGoOnTheirMediaTypesAndAnswers() {
    io.swagger.v3.oas.models.Operation post = new io.swagger.v3.oas.models.Operation()
        .requestBody(new RequestBody().content(new Content()
            .addMediaType(OpenApiExamples.JSON, new MediaType())))
        .responses(new ApiResponses().addApiResponse("202", new ApiResponse()
            .description("from the annotation").content(new Content()
                .addMediaType("text/plain", new MediaType()))));
    OpenAPI api = new OpenAPI().paths(new Paths().addPathItem("/things",
        new PathItem().post(post)));

    new Examples(Map.of("POST /things", new Operation(
        Map.of(OpenApiExamples.JSON, Body.json("{\"a\": 1}"), "text/csv", Body.text("a\n1")),
        List.of(new Response("202", "Accepted", OpenApiExamples.JSON, Body.text("done")),
            new Response("400", "Invalid", OpenApiExamples.PROBLEM_JSON,
                Body.json("{\"status\": 400}"))))))
        .customise(api);

    Content request = post.getRequestBody().getContent();
    assertThat(request.get(OpenApiExamples.JSON).getExamples().get("example").getValue())
        .isEqualTo(Map.of("a", 1));
    assertThat(request.get("text/csv").getExamples().get("example").getValue())
        .isEqualTo("a\n1");
    ApiResponse accepted = post.getResponses().get("202");
    assertThat(accepted.getDescription()).isEqualTo("from the annotation");
    assertThat(accepted.getContent()).containsOnlyKeys("text/plain");
    assertThat(accepted.getContent().get("text/plain").getExamples().get("example").getValue())
        .isEqualTo("done");
    ApiResponse invalid = post.getResponses().get("400");
    assertThat(invalid.getDescription()).isEqualTo("Invalid");
    assertThat(invalid.getContent().get(OpenApiExamples.PROBLEM_JSON).getExamples()
        .get("example").getValue()).isEqualTo(Map.of("status", 400));
  }

  @Test
  void anOperationWithoutExamplesIsLeftAsItIs() {
    io.swagger.v3.oas.models.Operation get = new io.swagger.v3.oas.models.Operation();
    new Examples(Map.of()).customise(new OpenAPI().paths(new Paths().addPathItem("/other",
        new PathItem().get(get))));
    assertThat(get.getResponses()).isNull();
  }

  @Test
  void aMalformedExampleFailsAtStartUp() {
    assertThatThrownBy(() -> new Examples(Map.of("GET /things", new Operation(Map.of(),
        List.of(new Response("200", "OK", OpenApiExamples.JSON, Body.json("{oops")))))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET /things is not JSON");
  }
}
