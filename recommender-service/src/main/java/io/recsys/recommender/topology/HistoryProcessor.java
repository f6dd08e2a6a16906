package io.recsys.recommender.topology;

import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.model.ServingModel;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.UserEmbedding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each user's history and recomputes changed users in micro-batches: a user changed by
 * an event is marked pending (in a store, so a restart does not forget it) and encoded with
 * the others when the batch fills or the flush interval passes. Forwards each new event (for
 * item statistics) and each fresh embedding and recommendation list.
 */
final class HistoryProcessor implements Processor<Long, RatingEvent, Long, Object> {

  private static final Logger log = LoggerFactory.getLogger(HistoryProcessor.class);

  private final TopologyConfig config;
  private final ServingModelHolder models;
  private final UserRecomputer recomputer;
  private final RecomputeListener listener;
  private ProcessorContext<Long, Object> context;
  private KeyValueStore<Long, UserHistory> histories;
  private KeyValueStore<Long, Long> pending;
  private KeyValueStore<Long, UserEmbedding> embeddings;
  /**
   * The keys of the pending store, in memory: flushes 200 times a second iterated the store, and
   * a RocksDB scan walks every delete since the last compaction, so it slowed as the run went on.
   */
  private final Set<Long> pendingUsers = new LinkedHashSet<>();
  /** Wall-clock time the oldest pending user has been waiting since; meaningful when some are pending. */
  private long pendingSinceMs;
  /** Whether the last event was older than the catch-up lag, i.e. the input has a backlog. */
  private boolean behind;
  /**
   * Events since the last punctuation: none means the input is drained, and the users still
   * pending behind a backlog's last events need not wait out the catch-up delay.
   */
  private long eventsSincePunctuation;
  private boolean uncommittedOutputs;
  private long lastCommitRequestMs;
  /** The model version whose background re-encode is running or done; null before the first. */
  private String reencodeVersion;
  /** Next user id the re-encode looks at; negative when it is done. */
  private long reencodeCursor = -1;

  HistoryProcessor(TopologyConfig config, ServingModelHolder models, RecomputeListener listener) {
    this.config = config;
    this.models = models;
    this.listener = listener;
    this.recomputer = new UserRecomputer(config.topK());
  }

  @Override
  public void init(ProcessorContext<Long, Object> context) {
    this.context = context;
    this.histories = context.getStateStore(StoreNames.USER_HISTORIES);
    this.pending = context.getStateStore(StoreNames.PENDING_USERS);
    this.embeddings = context.getStateStore(StoreNames.USER_EMBEDDINGS);
    try (KeyValueIterator<Long, Long> it = pending.all()) {
      while (it.hasNext()) {
        pendingUsers.add(it.next().key);
      }
    }
    pendingSinceMs = context.currentSystemTimeMs();
    context.schedule(config.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
      reencodeStep();
      if (eventsSincePunctuation == 0) {
        behind = false;
      }
      eventsSincePunctuation = 0;
      if (!behind || now - pendingSinceMs >= config.catchUp().maxDelay().toMillis()) {
        flush();
      }
      requestCommitIfLive(now);
    });
  }

  @Override
  public void process(Record<Long, RatingEvent> record) {
    RatingEvent event = record.value();
    long userId = event.getUserId();
    UserHistory history = histories.get(userId);
    if (history == null) {
      history = new UserHistory(config.historyLength());
    }
    boolean changed = history.add(UserHistory.Interaction.of(event.getEventId(),
        event.getMovieId(), event.getRating(), event.getEventTime().toEpochMilli()));
    if (!changed) {
      listener.eventIgnored(event);
      return; // a duplicate, or older than everything a full history keeps
    }
    histories.put(userId, history);
    listener.eventApplied(event);
    long now = context.currentSystemTimeMs();
    eventsSincePunctuation++;
    behind = now - record.timestamp() > config.catchUp().lag().toMillis();
    markPending(userId, history.newestTimeMillis(), now);
    context.forward(record.withValue(event));
    if (pendingUsers.size() >= (behind ? config.catchUp().batchSize() : config.batchSize())) {
      flush();
    }
  }

  /**
   * After a model swap (and once at start), marks pending, a batch per punctuation, the users
   * whose embedding another model version made, so that every user is recomputed with the
   * model in service without stalling live updates. Queries for a user not yet re-encoded
   * encode them on the fly with the model in service, so no answer mixes versions.
   */
  private void reencodeStep() {
    Optional<ServingModel> model = models.current();
    if (model.isEmpty()) {
      return;
    }
    String version = model.get().version();
    if (!version.equals(reencodeVersion)) {
      reencodeVersion = version;
      reencodeCursor = 0; // user ids are positive: 0 is before all of them in the store's order
    }
    if (reencodeCursor < 0) {
      return;
    }
    int marked = 0;
    int scanned = 0;
    int limit = config.batchSize();
    try (KeyValueIterator<Long, UserHistory> it = histories.range(reencodeCursor, Long.MAX_VALUE)) {
      while (it.hasNext() && marked < limit && scanned < 16 * limit) {
        KeyValue<Long, UserHistory> entry = it.next();
        scanned++;
        reencodeCursor = entry.key + 1;
        UserEmbedding embedding = embeddings.get(entry.key);
        if (embedding != null && embedding.getModelVersion().equals(version)) {
          continue;
        }
        if (!pendingUsers.contains(entry.key)) {
          markPending(entry.key, entry.value.newestTimeMillis(), context.currentSystemTimeMs());
          marked++;
        }
      }
      if (!it.hasNext()) {
        reencodeCursor = -1;
      }
    }
  }

  /** Marks the user for the next flush, in memory and in the store that survives restarts. */
  private void markPending(long userId, long newestEventMillis, long now) {
    if (pendingUsers.isEmpty()) {
      pendingSinceMs = now;
    }
    pendingUsers.add(userId);
    pending.put(userId, newestEventMillis);
  }

  private void flush() {
    if (pendingUsers.isEmpty()) {
      return;
    }
    Optional<ServingModel> model = models.current();
    if (model.isEmpty()) {
      return; // users stay pending until a model is in service
    }
    List<Long> userIds = new ArrayList<>(pendingUsers.size());
    List<UserHistory> batch = new ArrayList<>(pendingUsers.size());
    for (Long userId : pendingUsers) {
      UserHistory history = histories.get(userId);
      if (history != null) {
        userIds.add(userId);
        batch.add(history);
      }
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    for (int from = 0; from < userIds.size(); from += config.batchSize()) {
      int to = Math.min(userIds.size(), from + config.batchSize());
      List<UserHistory> histories = batch.subList(from, to);
      List<UserRecomputer.Result> results = recomputeSafely(userIds.subList(from, to),
          histories, model.get(), now);
      for (int i = 0; i < results.size(); i++) {
        UserRecomputer.Result r = results.get(i);
        long timestamp = r.embedding().getSourceEventTime().toEpochMilli();
        embeddings.put(r.userId(), r.embedding());
        context.forward(new Record<>(r.userId(), r.embedding(), timestamp));
        context.forward(new Record<>(r.userId(), r.recommendations(), timestamp));
        listener.recomputed(r.history(), r.embedding(), r.recommendations());
      }
    }
    pendingUsers.forEach(pending::delete);
    pendingUsers.clear();
    uncommittedOutputs |= !userIds.isEmpty();
    requestCommitIfLive(context.currentSystemTimeMs());
  }

  /**
   * In live traffic fresh outputs are committed within the commit interval, so read-committed
   * subscribers see them at once; Streams' own (longer) interval commits during a backlog,
   * when an exactly-once commit after every small batch would be the bottleneck.
   */
  private void requestCommitIfLive(long now) {
    if (uncommittedOutputs && !behind && now - lastCommitRequestMs >= config.commitInterval().toMillis()) {
      context.commit();
      lastCommitRequestMs = now;
      uncommittedOutputs = false;
    }
  }

  /**
   * One model call for the batch; if it fails, each user alone, so one history the model
   * cannot take (a poison record that passed validation) costs only that user's update and
   * never stops the stream thread, which would fail again on the same batch after a restart.
   */
  private List<UserRecomputer.Result> recomputeSafely(List<Long> userIds,
                                                      List<UserHistory> batch,
                                                      ServingModel model, Instant now) {
    try {
      return recomputer.recompute(userIds, batch, model, now);
    } catch (RuntimeException batchFailure) {
      List<UserRecomputer.Result> results = new ArrayList<>(userIds.size());
      for (int i = 0; i < userIds.size(); i++) {
        try {
          results.addAll(recomputer.recompute(List.of(userIds.get(i)), List.of(batch.get(i)),
              model, now));
        } catch (RuntimeException e) {
          listener.recomputeFailed(userIds.get(i), e);
          log.error("Cannot recompute user {} with model {}; the user keeps the previous state",
              userIds.get(i), model.version(), e);
        }
      }
      return results;
    }
  }
}
