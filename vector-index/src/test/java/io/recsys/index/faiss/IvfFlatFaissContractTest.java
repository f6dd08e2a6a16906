package io.recsys.index.faiss;

import io.recsys.index.IndexKind;

class IvfFlatFaissContractTest extends FaissContractTest {

    @Override
    protected IndexKind kind() {
        return IndexKind.IVF_FLAT;
    }

    @Override
    protected int memoryTestSize() {
        return 8_000; // k-means training dominates each build
    }
}
