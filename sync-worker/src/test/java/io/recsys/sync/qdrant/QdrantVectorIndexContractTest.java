package io.recsys.sync.qdrant;

import io.recsys.qdrant.QdrantEndpoint;
import io.qdrant.client.QdrantClient;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexContractTest;
import io.recsys.index.VectorTable;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared VectorIndex contract against a real Qdrant (exact search), when QDRANT_URL names
 * one; skipped with that reason otherwise. Every index is a collection of its own, deleted when
 * the index closes.
 */
class QdrantVectorIndexContractTest extends VectorIndexContractTest {

  private static final String URL = System.getenv("QDRANT_URL");
  private QdrantClient client;

  @Override
  protected void assumeAvailable() {
    if (URL == null || URL.isBlank()) {
      // a class-level skip shows in the reports only as "0 tests": say why where it is read
      System.out.println("QdrantVectorIndexContractTest skipped: QDRANT_URL is not set");
    }
    Assumptions.assumeTrue(URL != null && !URL.isBlank(),
        "QDRANT_URL is not set: no Qdrant server to run the VectorIndex contract against");
    client = QdrantEndpoint.connect(URL, System.getenv("QDRANT_API_KEY"), Duration.ofSeconds(60));
  }

  @AfterAll
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  protected VectorIndex build(VectorTable table) {
    String collection = "contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return QdrantVectorIndex.build(client, collection, table, 512, true, Duration.ofSeconds(60));
  }

  @Override
  protected boolean isExact() {
    return true;
  }

  @Override
  protected boolean supportsSnapshots() {
    return false;
  }

  @Override
  protected boolean followsDefaultSearchPlan() {
    return false; // Qdrant plans filtered searches itself
  }

  @Override
  protected int memoryTestSize() {
    return 2_000; // the vectors live in the server; this only checks the client does not leak
  }
}
