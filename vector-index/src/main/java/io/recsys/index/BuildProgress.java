package io.recsys.index;

import java.io.PrintStream;

/** Told how a long build advances; called from the building thread. */
@FunctionalInterface
public interface BuildProgress {

    BuildProgress SILENT = (phase, done, total) -> { };

    /**
     * @param phase what is being done ("train", "add")
     * @param done  units finished (vectors)
     * @param total units in this phase
     */
    void update(String phase, long done, long total);

    /** Prints a line with rate and ETA at most every few seconds. */
    static BuildProgress printingTo(PrintStream out, String label) {
        return new LoggedProgress(out::println, label, System::nanoTime, 5_000_000_000L);
    }
}
