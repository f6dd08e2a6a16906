package io.recsys.sync.qdrant;

/** {@link QdrantVectorIndexContractTest} against the Qdrant stand-in: it must pass what the real server passes. */
class StandInQdrantVectorIndexContractTest extends QdrantVectorIndexContractTest {

  @Override
  protected QdrantTargets.Target target() {
    return QdrantTargets.standIn();
  }

  /**
   * The stand-in serves from this JVM, its collections on this heap, so the memory test reads
   * the live heap: resident memory also grows as a heap the JVM already has is first written
   * (5 MB over a 4 MB bound in one CI run, with nothing leaked).
   */
  @Override
  protected boolean keepsVectorsOnHeap() {
    return true;
  }
}
