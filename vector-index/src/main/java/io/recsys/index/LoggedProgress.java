package io.recsys.index;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress of a long step as throttled lines with rate and ETA, e.g.
 * {@code "qdrant upsert 120000/1000000 (12%) 950/s, ETA 15m26s"}, to a log or a console. Used
 * for index builds (as a {@link BuildProgress}), snapshot builds and Qdrant upserts.
 */
public final class LoggedProgress implements BuildProgress {

  private final Consumer<String> log;
  private final String label;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private String phase;
  private long phaseStart;
  private long lastLine;

  public LoggedProgress(Consumer<String> log, String label, LongSupplier nanoClock,
                        long intervalNanos) {
    this.log = log;
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
      lastLine = now;
      if (done < total) {
        return;
      }
    }
    boolean finished = done >= total;
    if (!finished && now - lastLine < intervalNanos) {
      return;
    }
    lastLine = now;
    log.accept(line(label + " " + phase, done, total, now - phaseStart));
  }

  /** One progress line; public for callers that report progress their own way. */
  public static String line(String what, long done, long total, long elapsedNanos) {
    double seconds = Math.max(1e-9, elapsedNanos / 1e9);
    double rate = done / seconds;
    String eta = done >= total ? "done" : rate <= 0 ? "ETA unknown" : "ETA " + duration((total - done) / rate);
    return String.format(Locale.ROOT, "%s %d/%d (%.0f%%) %.0f/s, %s", what, done, total,
        100.0 * done / Math.max(1, total), rate, eta);
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
  }
}
