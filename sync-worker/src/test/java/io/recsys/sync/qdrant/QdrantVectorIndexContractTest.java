package io.recsys.sync.qdrant;

import io.recsys.qdrant.QdrantEndpoint;
import io.qdrant.client.QdrantClient;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexContractTest;
import io.recsys.index.VectorTable;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The shared VectorIndex contract for the Qdrant adapter (exact search), run against a real
 * server and against the stand-in by the two subclasses. Every index is a collection of its
 * own, deleted when the index closes.
 */
abstract class QdrantVectorIndexContractTest extends VectorIndexContractTest {

  private QdrantClient client;

  /** The server; skips the class (with the reason) when there is none. */
  protected abstract QdrantTargets.Target target();

  @Override
  protected void assumeAvailable() {
    QdrantTargets.Target server = target();
    client = QdrantEndpoint.connect(server.url(), server.apiKey(), Duration.ofSeconds(60));
  }

  @AfterAll
  void closeClient() throws Exception {
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
