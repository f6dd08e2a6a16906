package io.recsys.recommender.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Qdrant as the backend of {@code /recommend_filter} (prefix {@code recsys.recommender.qdrant}),
 * as the prototype could: off by default, the local index answers.
 *
 * @param enabled use Qdrant for filtered queries (env QDRANT_FILTERS)
 * @param url     Qdrant's gRPC endpoint, {@code https://} for TLS (env QDRANT_URL)
 * @param apiKey  Qdrant API key (env QDRANT_API_KEY)
 * @param alias   the sync worker's alias; the collection searched is the one it names after the
 *                model version in service, so answers never mix two models' vectors
 * @param exact   exact search in Qdrant: the same answers as the exact local index
 * @param timeout longest wait for Qdrant before the local index answers instead
 */
@Validated
@ConfigurationProperties("recsys.recommender.qdrant")
public record QdrantQueryProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("http://localhost:6334") @NotBlank String url,
    @DefaultValue("") String apiKey,
    @DefaultValue("items") @NotBlank String alias,
    @DefaultValue("true") boolean exact,
    @DefaultValue("500ms") @NotNull Duration timeout) {

  /** Never the API key. */
  @Override
  public String toString() {
    return "QdrantQueryProperties[enabled=" + enabled + ", url=" + url + ", alias=" + alias
        + ", exact=" + exact + ", timeout=" + timeout + "]";
  }
}
