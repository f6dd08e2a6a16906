package io.recsys.index;

import io.recsys.index.faiss.FaissLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VectorIndexFactoryTest {

    private static final VectorIndexFactory.NativeAvailability MISSING = new VectorIndexFactory.NativeAvailability() {
        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public String unavailableReason() {
            return "libfaiss went fishing";
        }
    };

    private final VectorTable table = SyntheticFixtures.clustered(500, 16, 3, 1).table();

    @Test
    void fallsBackToExactWithAWarningWhenFaissIsMissing() {
        VectorIndexFactory factory = new VectorIndexFactory(IndexConfig.defaults(IndexKind.HNSW), MISSING);
        KindResolution resolution = factory.resolution();
        assertThat(resolution.fellBack()).isTrue();
        assertThat(resolution.effective()).isEqualTo(IndexKind.EXACT);
        assertThat(resolution.warning()).hasValueSatisfying(w -> assertThat(w)
                .contains("HNSW").contains("libfaiss went fishing").contains("falling back to EXACT"));
        try (VectorIndex index = factory.build(table)) {
            assertThat(index.kind()).isEqualTo(IndexKind.EXACT);
            assertThat(index.search(new float[16], 3).size()).isEqualTo(3);
        }
    }

    @Test
    void failsWithTheReasonWhenToldTo() {
        IndexConfig config = IndexConfig.defaults(IndexKind.IVF_FLAT).withFailIfUnavailable(true);
        assertThatThrownBy(() -> new VectorIndexFactory(config, MISSING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IVF_FLAT").hasMessageContaining("libfaiss went fishing");
    }

    @Test
    void exactNeverWarns() {
        KindResolution r = new VectorIndexFactory(IndexConfig.defaults(IndexKind.EXACT), MISSING).resolution();
        assertThat(r.fellBack()).isFalse();
        assertThat(r.warning()).isEmpty();
    }

    @Test
    void refusesKindsItCannotBuild() {
        assertThatThrownBy(() -> new VectorIndexFactory(IndexConfig.defaults(IndexKind.QDRANT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QDRANT");
    }

    @Test
    void aFaissSnapshotNeedsTheLibrary(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(FaissLibrary.isAvailable(),
                () -> "FAISS native library unavailable: " + FaissLibrary.unavailableReason());
        Path file = dir.resolve("flat.snapshot");
        try (VectorIndex flat = new VectorIndexFactory(IndexConfig.defaults(IndexKind.FLAT)).build(table)) {
            flat.save(file, "m1");
        }
        VectorIndexFactory withoutFaiss = new VectorIndexFactory(IndexConfig.defaults(IndexKind.EXACT), MISSING);
        assertThatThrownBy(() -> withoutFaiss.load(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("libfaiss went fishing");
    }

    @Test
    void libraryStatusIsConsistent() {
        if (FaissLibrary.isAvailable()) {
            assertThat(FaissLibrary.unavailableReason()).isEmpty();
            assertThat(FaissLibrary.faissVersion()).matches("\\d+\\.\\d+\\.\\d+");
        } else {
            assertThat(FaissLibrary.unavailableReason()).isNotBlank();
            System.out.println("FAISS unavailable: " + FaissLibrary.unavailableReason());
        }
    }

    @Test
    void parsesKindNames() {
        assertThat(IndexKind.parse("ivf-flat")).isEqualTo(IndexKind.IVF_FLAT);
        assertThat(IndexKind.parse("IVF")).isEqualTo(IndexKind.IVF_FLAT);
        assertThat(IndexKind.parse(" hnsw ")).isEqualTo(IndexKind.HNSW);
        assertThatThrownBy(() -> IndexKind.parse("annoy")).hasMessageContaining("unknown index kind 'annoy'");
    }
}
