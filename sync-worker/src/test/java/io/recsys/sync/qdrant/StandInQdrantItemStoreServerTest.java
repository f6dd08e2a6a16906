package io.recsys.sync.qdrant;

/** {@link QdrantItemStoreServerTest} against the Qdrant stand-in: it must pass what the real server passes. */
class StandInQdrantItemStoreServerTest extends QdrantItemStoreServerTest {

  @Override
  protected QdrantTargets.Target target() {
    return QdrantTargets.standIn();
  }
}
