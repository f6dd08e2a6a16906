package io.recsys.recommender.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.topology.RecomputeListener;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.UserEmbedding;

/**
 * What became of the events this instance processed, as Prometheus counters
 * ({@code recsys.events{outcome}}) and for /stats. Counter increments are lock-free, so the
 * stream thread is not slowed.
 */
public final class PipelineCounters implements RecomputeListener {

  public static final String EVENTS = "recsys.events";
  public static final String DLQ = "recsys.dlq.records";

  private final MeterRegistry registry;
  private final Counter applied;
  private final Counter ignored;
  private final Counter rejected;
  private final Counter recomputed;
  private final Counter failed;

  public PipelineCounters(MeterRegistry registry) {
    this.registry = registry;
    this.applied = events("applied", "valid events that changed a history");
    this.ignored = events("ignored", "repeated event ids and events older than a full history");
    this.rejected = events("rejected", "undeserializable or invalid records sent to the DLQ");
    this.recomputed = Counter.builder("recsys.users.recomputed")
        .description("fresh embeddings and recommendation lists published").register(registry);
    this.failed = Counter.builder("recsys.recompute.failures")
        .description("users the model failed on").register(registry);
  }

  private Counter events(String outcome, String description) {
    return Counter.builder(EVENTS).tag("outcome", outcome).description(description)
        .register(registry);
  }

  @Override
  public void recomputed(UserHistory history, UserEmbedding embedding,
                         Recommendations recommendations) {
    recomputed.increment();
  }

  @Override
  public void eventApplied(RatingEvent event) {
    applied.increment();
  }

  @Override
  public void eventIgnored(RatingEvent event) {
    ignored.increment();
  }

  @Override
  public void eventRejected(String errorClass) {
    rejected.increment();
    // one series per reason: a handful of fixed names (see RatingValidator), never user input
    Counter.builder(DLQ).tag("reason", errorClass).description("records sent to ratings-dlq")
        .register(registry).increment();
  }

  @Override
  public void recomputeFailed(long userId, RuntimeException error) {
    failed.increment();
  }

  /** Events processed: applied, ignored and rejected. */
  public long processed() {
    return (long) (applied.count() + ignored.count() + rejected());
  }

  public long applied() {
    return (long) applied.count();
  }

  public long ignored() {
    return (long) ignored.count();
  }

  public long rejected() {
    return (long) rejected.count();
  }

  public long recomputedUsers() {
    return (long) recomputed.count();
  }

  public long failures() {
    return (long) failed.count();
  }
}
