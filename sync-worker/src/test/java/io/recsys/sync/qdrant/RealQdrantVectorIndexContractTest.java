package io.recsys.sync.qdrant;

/** {@link QdrantVectorIndexContractTest} against the real Qdrant server QDRANT_URL names. */
class RealQdrantVectorIndexContractTest extends QdrantVectorIndexContractTest {

  @Override
  protected QdrantTargets.Target target() {
    return QdrantTargets.real(getClass());
  }
}
