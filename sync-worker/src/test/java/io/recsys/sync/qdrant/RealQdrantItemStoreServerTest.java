package io.recsys.sync.qdrant;

/** {@link QdrantItemStoreServerTest} against the real Qdrant server QDRANT_URL names. */
class RealQdrantItemStoreServerTest extends QdrantItemStoreServerTest {

  @Override
  protected QdrantTargets.Target target() {
    return QdrantTargets.real(getClass());
  }
}
