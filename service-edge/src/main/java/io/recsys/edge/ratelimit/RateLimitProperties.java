package io.recsys.edge.ratelimit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Requests per client (prefix {@code recsys.rate-limit}): a client is its API key when it sent
 * an accepted one, else its remote address. Off by default, like the prototype.
 *
 * @param requestsPerSecond sustained rate per client (env RATE_LIMIT_RPS); 0 = no limit
 * @param burst             requests a client may send at once above the rate; 0 = one second's
 *                          worth
 * @param maxClients        clients tracked at once; idle ones are forgotten first
 * @param exemptPaths       never limited: health probes and metrics scraping
 */
@Validated
@ConfigurationProperties("recsys.rate-limit")
public record RateLimitProperties(
    @DefaultValue("0") @PositiveOrZero double requestsPerSecond,
    @DefaultValue("0") @PositiveOrZero int burst,
    @DefaultValue("100000") @Min(1) int maxClients,
    @DefaultValue("/actuator/**") List<String> exemptPaths) {

  public RateLimitProperties {
    exemptPaths = exemptPaths == null ? List.of() : List.copyOf(exemptPaths);
  }

  public boolean enabled() {
    return requestsPerSecond > 0;
  }

  /** The bucket size: the configured burst, else one second's worth (at least one request). */
  public int capacity() {
    return burst > 0 ? burst : (int) Math.max(1, Math.ceil(requestsPerSecond));
  }
}
