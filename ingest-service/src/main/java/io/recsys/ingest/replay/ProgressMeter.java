package io.recsys.ingest.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line for long jobs: done/total, percent, rate and ETA. On a terminal it redraws
 * one line a few times a second; in logs (no console) it prints a line every few seconds.
 */
public final class ProgressMeter {

  private final String label;
  private final long total;
  private final PrintStream out;
  private final LongSupplier nanoClock;
  private final boolean redraw;
  private final long intervalNanos;
  private final long startNanos;
  private long done;
  private long lastPrintNanos;

  public ProgressMeter(String label, long total, PrintStream out) {
    this(label, total, out, System::nanoTime, System.console() != null);
  }

  ProgressMeter(String label, long total, PrintStream out, LongSupplier nanoClock, boolean redraw) {
    this.label = label;
    this.total = total;
    this.out = out;
    this.nanoClock = nanoClock;
    this.redraw = redraw;
    this.intervalNanos = redraw ? Duration.ofMillis(250).toNanos() : Duration.ofSeconds(5).toNanos();
    this.startNanos = nanoClock.getAsLong();
    this.lastPrintNanos = startNanos;
  }

  public synchronized void advance(long n) {
    done += n;
    long now = nanoClock.getAsLong();
    if (now - lastPrintNanos >= intervalNanos) {
      lastPrintNanos = now;
      print(now, false);
    }
  }

  public synchronized long done() {
    return done;
  }

  /** Prints the final line and returns the seconds elapsed. */
  public synchronized double finish() {
    long now = nanoClock.getAsLong();
    print(now, true);
    return (now - startNanos) / 1e9;
  }

  String line(long now) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = done / seconds;
    String eta = rate > 0 && total > done ? formatDuration((total - done) / rate) : "0s";
    double percent = total > 0 ? 100.0 * done / total : 100.0;
    return String.format(Locale.ROOT, "%s %,d/%,d (%.1f%%) %,.0f/s ETA %s elapsed %s", label, done,
        total, percent, rate, eta, formatDuration(seconds));
  }

  private void print(long now, boolean last) {
    String text = line(now);
    if (redraw) {
      out.print("\r" + text + (last ? "\n" : ""));
    } else {
      out.println(text);
    }
    out.flush();
  }

  static String formatDuration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
    return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
  }
}
