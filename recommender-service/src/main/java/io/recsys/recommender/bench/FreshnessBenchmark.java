package io.recsys.recommender.bench;

import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.Recommendations;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code bench freshness}: sends events of the dataset's users at a fixed rate onto
 * {@code ratings} of a running pipeline, each stamped with the wall-clock time it is sent,
 * and measures event-to-recommendation time: from that stamp until a list whose source
 * event time includes it arrives on {@code recommendations} (read committed, as subscribers
 * see it). Then steps the rate up until p99 crosses the threshold (1 s): the saturation rate.
 */
public final class FreshnessBenchmark {

  /**
   * @param kafka            at least {@code bootstrap.servers}
   * @param data             whose events are sent, in replay order, cycling
   * @param eventsPerSecond  the measured rate (the target: p99 under 100 ms at 200/s)
   * @param warmup           how long the same rate runs, unmeasured, before the measured phase
   * @param duration         how long the measured rate runs
   * @param saturationRates  rates tried, ascending, until p99 crosses the threshold; empty
   *                         to skip the search
   * @param stepDuration     how long each saturation step runs
   * @param thresholdMs      the p99 that marks saturation
   * @param drainTimeout     longest wait after a phase for its last answers
   */
  public record Options(Map<String, Object> kafka, UserSequences data, double eventsPerSecond,
                        Duration warmup, Duration duration, List<Double> saturationRates, Duration stepDuration,
                        double thresholdMs, Duration drainTimeout) {
    public Options {
      Objects.requireNonNull(kafka.get("bootstrap.servers"), "bootstrap.servers");
      if (eventsPerSecond <= 0) {
        throw new IllegalArgumentException("eventsPerSecond must be positive");
      }
      saturationRates = List.copyOf(saturationRates);
    }

    /**
     * 200 events/s for 60 s after a 60 s warm-up, then 400, 800 ... 12,800 events/s for 20 s
     * each. A cold pipeline and broker take about a minute to settle: in one run the
     * exactly-once commit (producer flush, offsets, end of transaction) fell from 55 ms to 5 ms
     * over the first 60 s, and p99 per 4-second window from 1.9 s to 50 ms.
     */
    public static Options defaults(Map<String, Object> kafka, UserSequences data) {
      return new Options(kafka, data, 200, Duration.ofSeconds(60), Duration.ofSeconds(60),
          List.of(400.0, 800.0, 1_600.0, 3_200.0, 6_400.0, 12_800.0), Duration.ofSeconds(20),
          1_000, Duration.ofSeconds(30));
    }
  }

  /** One rate held for a while, and what it gave. */
  record Phase(double targetRate, double achievedRate, long sent, long answered, double p50,
               double p99) {
    long lost() {
      return sent - answered;
    }

    /** Over the threshold, or more than 1% of events never answered within the drain time. */
    boolean saturated(double thresholdMs) {
      return !(p99 <= thresholdMs) || lost() > sent / 100;
    }

    Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("target_events_per_s", targetRate);
      m.put("events_per_s", Latencies.round(achievedRate));
      m.put("events", sent);
      m.put("unanswered", lost());
      m.put("p50_ms", Latencies.round(p50));
      m.put("p99_ms", Latencies.round(p99));
      return m;
    }
  }

  private final Options options;
  private final PrintStream out;
  private final List<UserSequences.Step> order;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final Map<Long, ArrayDeque<Long>> pending = new ConcurrentHashMap<>();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile Latencies current = new Latencies();
  private long cursor;
  private long sequence;

  public FreshnessBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.order = options.data().replayOrder();
    if (order.isEmpty()) {
      throw new IllegalArgumentException("no events to send");
    }
  }

  public Map<String, Object> run() throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader;
    Map<String, Object> result = new LinkedHashMap<>();
    try (KafkaConsumer<Long, Recommendations> tail = BenchKafka.tailOf(options.kafka(),
        Topics.RECOMMENDATIONS);
         KafkaProducer<Long, RatingEvent> producer = BenchKafka.ratingsProducer(
             options.kafka(), 0)) {
      reader = new Thread(() -> read(tail, stop), "freshness-reader");
      reader.setDaemon(true);
      reader.start();
      try {
        // a cold broker and pipeline need about a minute to settle (see defaults): measure a
        // warmed-up pipeline, as production runs one
        out.printf("freshness: warm-up %s at %.0f events/s%n", options.warmup(),
            options.eventsPerSecond());
        report(phase(producer, options.eventsPerSecond(), options.warmup()));
        out.printf("freshness: %.0f events/s for %s (run %s)%n", options.eventsPerSecond(),
            options.duration(), runId);
        Phase main = phase(producer, options.eventsPerSecond(), options.duration());
        report(main);
        result.put("benchmark", "freshness");
        result.put("p50_ms", Latencies.round(main.p50()));
        result.put("p99_ms", Latencies.round(main.p99()));
        result.put("events_per_s", Latencies.round(main.achievedRate()));
        result.put("events", main.sent());
        result.put("unanswered", main.lost());

        List<Map<String, Object>> steps = new ArrayList<>();
        Phase crossed = main.saturated(options.thresholdMs()) ? main : null;
        Phase highest = main;
        for (double rate : options.saturationRates()) {
          if (crossed != null) {
            break;
          }
          out.printf("freshness: saturation step %.0f events/s for %s%n", rate,
              options.stepDuration());
          Phase step = phase(producer, rate, options.stepDuration());
          report(step);
          steps.add(step.describe());
          highest = step;
          if (step.saturated(options.thresholdMs())) {
            crossed = step;
          }
        }
        // the rate actually reached where p99 crossed the threshold; if it never did, the
        // highest rate tried (and saturation_reached says so)
        Phase at = crossed != null ? crossed : highest;
        result.put("saturation_events_per_s", Latencies.round(at.achievedRate()));
        result.put("saturation_reached", crossed != null);
        result.put("threshold_ms", options.thresholdMs());
        result.put("saturation_steps", steps);
      } finally {
        stop.set(true);
        reader.join(5_000);
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("freshness benchmark failed: " + failure.get().getMessage(),
          failure.get());
    }
    return result;
  }

  private Phase phase(KafkaProducer<Long, RatingEvent> producer, double rate, Duration duration)
      throws InterruptedException {
    Latencies latencies = new Latencies();
    current = latencies;
    long answeredBefore = answered.get();
    double nanosPerEvent = 1e9 / rate;
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long sent = 0;
    for (long due = start; due < end; due = start + (long) (sent * nanosPerEvent)) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      send(producer);
      sent++;
      if (failure.get() != null) {
        throw new IllegalStateException("sending failed: " + failure.get().getMessage(),
            failure.get());
      }
    }
    producer.flush();
    double achieved = sent / ((System.nanoTime() - start) / 1e9);
    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    while (answered.get() - answeredBefore < sent && System.nanoTime() < deadline) {
      Thread.sleep(10); // the reader thread records; here we only wait for it, with a deadline
    }
    // what was never answered is forgotten, so it does not count in the next phase
    pending.clear();
    return new Phase(rate, achieved, sent, Math.min(sent, answered.get() - answeredBefore),
        latencies.percentile(0.50), latencies.percentile(0.99));
  }

  private void send(KafkaProducer<Long, RatingEvent> producer) {
    UserSequences.Step s = order.get((int) (cursor++ % order.size()));
    long now = System.currentTimeMillis();
    RatingEvent event = new RatingEvent("bench-fresh-" + runId + "-" + sequence++, s.userId(),
        s.movieId(), null, Instant.ofEpochMilli(now), EventSource.REPLAY);
    ArrayDeque<Long> queue = pending.computeIfAbsent(s.userId(), u -> new ArrayDeque<>());
    synchronized (queue) {
      queue.addLast(now);
    }
    producer.send(new ProducerRecord<>(Topics.RATINGS.name(), s.userId(), event), (m, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    });
  }

  private void read(KafkaConsumer<Long, Recommendations> tail, AtomicBoolean stop) {
    try {
      while (!stop.get()) {
        for (ConsumerRecord<Long, Recommendations> r : tail.poll(Duration.ofMillis(50))) {
          if (r.value() == null) {
            continue;
          }
          long received = System.currentTimeMillis();
          ArrayDeque<Long> queue = pending.get(r.key());
          if (queue == null) {
            continue;
          }
          long source = r.value().getSourceEventTime().toEpochMilli();
          Latencies into = current;
          synchronized (queue) {
            // one list may answer several events of its user: all those it includes
            while (!queue.isEmpty() && queue.peekFirst() <= source) {
              into.add(received - queue.pollFirst());
              answered.incrementAndGet();
            }
          }
        }
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void report(Phase p) {
    out.printf("freshness: %.0f events/s sent (target %.0f), %,d events, %,d unanswered,"
            + " p50 %.1f ms, p99 %.1f ms%n", p.achievedRate(), p.targetRate(), p.sent(), p.lost(),
        p.p50(), p.p99());
  }
}
