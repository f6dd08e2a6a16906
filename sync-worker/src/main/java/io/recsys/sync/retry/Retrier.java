package io.recsys.sync.retry;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call up to maxAttempts times, waiting by {@link Backoff} between tries. Waiting goes
 * through a {@link Sleeper} so tests observe the waits instead of sitting through them.
 */
public final class Retrier {

  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** Waits; the real one sleeps the thread. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper THREAD = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
  }

  @FunctionalInterface
  public interface Call<T> {
    T run() throws Exception;
  }

  private final int maxAttempts;
  private final Backoff backoff;
  private final Sleeper sleeper;

  public Retrier(int maxAttempts, Backoff backoff, Sleeper sleeper) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  /**
   * The call's result, or the last failure (wrapped in {@link RetriesExhaustedException})
   * once every attempt failed.
   */
  public <T> T call(String what, Call<T> call) throws RetriesExhaustedException, InterruptedException {
    Exception last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return call.run();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        last = e;
        if (attempt < maxAttempts) {
          Duration wait = backoff.delayAfter(attempt);
          LOG.warn("{} failed (attempt {}/{}): {}; retrying in {} ms", what, attempt, maxAttempts,
              e.getMessage(), wait.toMillis());
          sleeper.sleep(wait);
        }
      }
    }
    throw new RetriesExhaustedException(what, maxAttempts, last);
  }

  public static final class RetriesExhaustedException extends Exception {
    public RetriesExhaustedException(String what, int attempts, Exception last) {
      super(what + " failed " + attempts + " times, last: " + last.getMessage(), last);
    }
  }
}
