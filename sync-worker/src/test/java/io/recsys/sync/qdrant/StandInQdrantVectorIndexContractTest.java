package io.recsys.sync.qdrant;

/** {@link QdrantVectorIndexContractTest} against the Qdrant stand-in: it must pass what the real server passes. */
class StandInQdrantVectorIndexContractTest extends QdrantVectorIndexContractTest {

  @Override
  protected QdrantTargets.Target target() {
    return QdrantTargets.standIn();
  }
}
