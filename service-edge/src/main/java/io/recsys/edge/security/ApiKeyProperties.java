package io.recsys.edge.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service (prefix {@code recsys.security}). With no key configured every
 * endpoint is open, as in the prototype; with keys, write endpoints need one of them.
 *
 * @param apiKeys      accepted keys (env API_KEYS, comma-separated); several, so a key can be
 *                     rotated without downtime. Sent as {@code X-API-Key: <key>} or
 *                     {@code Authorization: Bearer <key>}
 * @param protectReads also require a key for read endpoints (env API_PROTECT_READS)
 * @param publicPaths  paths open even when reads are protected: health probes and the console's
 *                     static files
 */
@ConfigurationProperties("recsys.security")
public record ApiKeyProperties(
    List<String> apiKeys,
    @DefaultValue("false") boolean protectReads,
    @DefaultValue({"/actuator/health/**", "/actuator/info", "/", "/index.html", "/console.js",
        "/console.css", "/favicon.ico"}) List<String> publicPaths) {

  /** Shorter keys are guessable; generated keys (the demo's) have 32 characters. */
  public static final int MIN_KEY_LENGTH = 16;

  public ApiKeyProperties {
    apiKeys = apiKeys == null ? List.of()
        : apiKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
    for (String key : apiKeys) {
      if (key.length() < MIN_KEY_LENGTH) {
        // the key itself is not named: this message ends up in logs
        throw new IllegalArgumentException("recsys.security.api-keys: every key needs at least "
            + MIN_KEY_LENGTH + " characters; one has " + key.length());
      }
    }
    publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
  }

  public boolean enabled() {
    return !apiKeys.isEmpty();
  }

  @Override
  public String toString() {
    return "ApiKeyProperties[" + apiKeys.size() + " keys, protectReads=" + protectReads + "]";
  }
}
