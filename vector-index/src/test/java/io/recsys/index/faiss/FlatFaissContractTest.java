package io.recsys.index.faiss;

import io.recsys.index.IndexKind;

class FlatFaissContractTest extends FaissContractTest {

    @Override
    protected IndexKind kind() {
        return IndexKind.FLAT;
    }
}
