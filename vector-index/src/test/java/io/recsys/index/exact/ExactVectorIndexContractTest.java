package io.recsys.index.exact;

import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexContractTest;
import io.recsys.index.VectorTable;

class ExactVectorIndexContractTest extends VectorIndexContractTest {

    @Override
    protected VectorIndex build(VectorTable table) {
        return ExactVectorIndex.build(table, IndexConfig.defaults(IndexKind.EXACT));
    }

    @Override
    protected boolean isExact() {
        return true;
    }

    @Override
    protected boolean keepsVectorsOnHeap() {
        return true;
    }
}
