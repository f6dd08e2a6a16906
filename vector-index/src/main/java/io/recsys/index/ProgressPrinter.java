package io.recsys.index;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Prints throttled progress lines with rate and ETA: "label add 120000/1000000 (12%) 950/s, ETA 15m26s". */
final class ProgressPrinter implements BuildProgress {

    private final PrintStream out;
    private final String label;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private String phase;
    private long phaseStart;
    private long lastPrint;

    ProgressPrinter(PrintStream out, String label, LongSupplier nanoClock, long intervalNanos) {
        this.out = out;
        this.label = label;
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public synchronized void update(String phaseName, long done, long total) {
        long now = nanoClock.getAsLong();
        if (!phaseName.equals(phase)) {
            phase = phaseName;
            phaseStart = now;
            lastPrint = now;
            return;
        }
        boolean finished = done >= total;
        if (!finished && now - lastPrint < intervalNanos) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max(1e-9, (now - phaseStart) / 1e9);
        double rate = done / seconds;
        String eta = finished || rate <= 0 ? "done" : "ETA " + duration((total - done) / rate);
        out.printf(Locale.ROOT, "%s %s %d/%d (%.0f%%) %.0f/s, %s%n",
                label, phase, done, total, 100.0 * done / Math.max(1, total), rate, eta);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
