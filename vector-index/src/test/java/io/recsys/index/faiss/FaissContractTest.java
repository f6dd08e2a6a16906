package io.recsys.index.faiss;

import io.recsys.index.BuildProgress;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexContractTest;
import io.recsys.index.VectorTable;
import org.junit.jupiter.api.Assumptions;

/** The contract for one FAISS kind; skipped, with the loader's reason, without the library. */
abstract class FaissContractTest extends VectorIndexContractTest {

    protected abstract IndexKind kind();

    @Override
    protected void assumeAvailable() {
        if (!FaissLibrary.isAvailable()) {
            String reason = "FAISS native library unavailable: " + FaissLibrary.unavailableReason();
            System.out.println(getClass().getSimpleName() + " skipped: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
    }

    @Override
    protected VectorIndex build(VectorTable table) {
        return FaissVectorIndex.build(table, IndexConfig.defaults(kind()), BuildProgress.SILENT);
    }

    @Override
    protected boolean isExact() {
        return kind().isExact();
    }
}
