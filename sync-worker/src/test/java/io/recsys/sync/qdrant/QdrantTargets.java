package io.recsys.sync.qdrant;

import io.recsys.qdrant.standin.QdrantStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Assumptions;

/**
 * The servers the Qdrant contract tests run against: the real one QDRANT_URL names (skipped,
 * with the reason printed, when it is not set) and the in-memory stand-in, which must pass the
 * same tests. The stand-in is started once per test JVM and requires an API key, so the key
 * path is exercised too.
 */
final class QdrantTargets {

  /** A server and the API key to send it (null for none). */
  record Target(String url, String apiKey) {
  }

  private static final String STAND_IN_KEY = "stand-in-api-key-0123456789";
  private static QdrantStandIn standIn;

  private QdrantTargets() {
  }

  static Target real(Class<?> test) {
    String url = System.getenv("QDRANT_URL");
    if (url == null || url.isBlank()) {
      // a class-level skip shows in the reports only as "0 tests": say why where it is read
      System.out.println(test.getSimpleName() + " skipped: QDRANT_URL is not set, no Qdrant"
          + " server to run against (the stand-in variant runs instead)");
    }
    Assumptions.assumeTrue(url != null && !url.isBlank(),
        "QDRANT_URL is not set: no Qdrant server to run against");
    return new Target(url, System.getenv("QDRANT_API_KEY"));
  }

  static synchronized Target standIn() {
    if (standIn == null) {
      try {
        standIn = QdrantStandIn.startWithApiKey(STAND_IN_KEY);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      QdrantStandIn started = standIn;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    return new Target(standIn.url(), STAND_IN_KEY);
  }
}
