package io.recsys.index.faiss;

import io.recsys.index.IndexKind;

class HnswFaissContractTest extends FaissContractTest {

    @Override
    protected IndexKind kind() {
        return IndexKind.HNSW;
    }

    @Override
    protected int memoryTestSize() {
        return 4_000; // HNSW inserts at roughly 7,000 vectors/s on two cores
    }
}
