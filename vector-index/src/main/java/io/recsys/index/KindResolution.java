package io.recsys.index;

import java.util.Optional;

/**
 * The kind a factory will actually build, and why it differs from the requested one.
 *
 * @param requested what the configuration asked for
 * @param effective what will be built
 * @param warning   set when falling back (FAISS missing); the text is also logged
 */
public record KindResolution(IndexKind requested, IndexKind effective, Optional<String> warning) {

    public boolean fellBack() {
        return requested != effective;
    }
}
