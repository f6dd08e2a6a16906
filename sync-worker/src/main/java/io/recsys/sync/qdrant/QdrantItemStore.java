package io.recsys.sync.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.recsys.index.IdMapping;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.recsys.qdrant.CollectionNaming;
import io.recsys.sync.bundle.BundleItems;
import io.recsys.qdrant.ItemPayload;
import io.recsys.sync.rollout.ItemVectorStore;
import io.recsys.sync.retry.Retrier;
import io.recsys.index.LoggedProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qdrant as the item vector store: one collection per model version, named by
 * {@link CollectionNaming}, behind an alias that queries use. A rollout creates the collection
 * with its payload indexes, upserts the points in batches (each retried with backoff), checks
 * the count, swaps the alias atomically and drops collections beyond the number kept.
 */
public final class QdrantItemStore implements ItemVectorStore {

  private static final Logger LOG = LoggerFactory.getLogger(QdrantItemStore.class);
  private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** Points read back to check an in-place collection against the bundle. */
  static final int DEFAULT_DRIFT_SAMPLE = 32;

  private final QdrantClient client;
  private final CollectionNaming naming;
  private final int keep;
  private final int batchSize;
  private final Duration timeout;
  private final Retrier retrier;
  private final String endpoint;
  private final int driftSample;
  // what the alias points at after the last successful sync, for payload updates
  private volatile Current current;

  private record Current(String collection, IdMapping ids) {
  }

  public QdrantItemStore(QdrantClient client, String endpoint, CollectionNaming naming, int keep,
                         int batchSize, Duration timeout, Retrier retrier) {
    this.client = client;
    this.endpoint = endpoint;
    this.naming = naming;
    this.keep = keep;
    this.batchSize = batchSize;
    this.timeout = timeout;
    this.retrier = retrier;
    this.driftSample = DEFAULT_DRIFT_SAMPLE;
  }

  @Override
  public StoreSync sync(BundleItems bundle, LongFunction<ItemPayload> payloads,
                        List<String> versionsOldestFirst) throws Exception {
    String collection = naming.collectionFor(bundle.modelVersion());
    String aliasTarget = retrier.call("qdrant alias lookup", this::aliasTarget);
    boolean exists = retrier.call("qdrant collection check",
        () -> await(client.collectionExistsAsync(collection, timeout)));
    long count = exists ? retrier.call("qdrant count", () -> count(collection)) : 0;
    long written = 0;
    String drift = exists && count == bundle.size()
        ? retrier.call("qdrant drift check", () -> drift(collection, bundle)) : null;
    if (drift != null) {
      LOG.warn("qdrant: {} has drifted from model {} ({}); rewriting every point", collection,
          bundle.modelVersion(), drift);
      count = -1;
    }
    if (exists && count == bundle.size() && collection.equals(aliasTarget)) {
      LOG.info("qdrant: {} already holds model {} ({} points, {} sampled vectors match) behind"
          + " alias {}", collection, bundle.modelVersion(), count, driftSample, naming.alias());
    } else {
      if (!exists) {
        retrier.call("qdrant create " + collection, () -> await(client.createCollectionAsync(
            QdrantRequests.createCollection(collection, bundle.dimension()), timeout)));
      }
      // also after a crash between creating the collection and its indexes
      Set<String> indexed = retrier.call("qdrant collection info",
          () -> await(client.getCollectionInfoAsync(collection, timeout))).getPayloadSchemaMap()
          .keySet();
      for (CreateFieldIndexCollection index : QdrantRequests.payloadIndexes(collection)) {
        if (!indexed.contains(index.getFieldName())) {
          retrier.call("qdrant payload index " + index.getFieldName(),
              () -> await(client.createPayloadIndexAsync(index, timeout)));
        }
      }
      if (count != bundle.size()) {
        written = upsertAll(collection, bundle, payloads);
        long after = retrier.call("qdrant count", () -> count(collection));
        if (after != bundle.size()) {
          throw new IllegalStateException("qdrant " + collection + " holds " + after
              + " points after the upsert, expected " + bundle.size());
        }
      }
    }
    boolean swapped = false;
    if (!collection.equals(aliasTarget)) {
      retrier.call("qdrant alias swap", () -> await(client.updateAliasesAsync(
          QdrantRequests.swapAlias(naming.alias(), collection, aliasTarget != null), timeout)));
      swapped = true;
      LOG.info("qdrant: alias {} now points at {} (was {})", naming.alias(), collection,
          aliasTarget);
    }
    this.current = new Current(collection, IdMapping.of(bundle.table().ids()));
    List<String> deleted = deleteOld(collection, versionsOldestFirst);
    return new StoreSync(collection, written, swapped, deleted);
  }

  private String drift(String collection, BundleItems bundle) throws Exception {
    int[] rows = DriftCheck.sampleRows(bundle.size(), driftSample);
    List<PointId> ids = new ArrayList<>(rows.length);
    for (int row : rows) {
      ids.add(PointIdFactory.id(bundle.table().ids()[row]));
    }
    List<RetrievedPoint> points = await(client.retrieveAsync(collection, ids,
        WithPayloadSelectorFactory.enable(false), WithVectorsSelectorFactory.enable(true), null,
        timeout));
    return DriftCheck.firstDifference(bundle, rows, points);
  }

  @Override
  public boolean hasCurrent() {
    return current != null;
  }

  @Override
  public long updatePayloads(Map<Long, ItemPayload> payloads) throws Exception {
    Current at = current;
    if (at == null) {
      throw new IllegalStateException("no collection in place yet");
    }
    Map<Long, ItemPayload> ours = new TreeMap<>();
    payloads.forEach((id, p) -> {
      if (at.ids().contains(id)) {
        ours.put(id, p); // setting a payload on a missing point fails the whole request
      }
    });
    List<Map.Entry<Long, ItemPayload>> entries = new ArrayList<>(ours.entrySet());
    for (int from = 0; from < entries.size(); from += batchSize) {
      Map<Long, ItemPayload> batch = new TreeMap<>();
      entries.subList(from, Math.min(entries.size(), from + batchSize))
          .forEach(e -> batch.put(e.getKey(), e.getValue()));
      var ops = QdrantRequests.overwritePayloads(batch);
      retrier.call("qdrant payload update of " + batch.size() + " points",
          () -> await(client.batchUpdateAsync(at.collection(), ops, true, null, timeout)));
    }
    return ours.size();
  }

  private long upsertAll(String collection, BundleItems bundle, LongFunction<ItemPayload> payloads)
      throws Exception {
    int batches = QdrantRequests.batchCount(bundle.size(), batchSize);
    LoggedProgress progress = new LoggedProgress(LOG::info, "qdrant " + collection, System::nanoTime,
        PROGRESS_INTERVAL_NANOS);
    long written = 0;
    progress.update("upsert", 0, bundle.size());
    for (int b = 0; b < batches; b++) {
      var request = QdrantRequests.upsertBatch(collection, bundle, b, batchSize, payloads);
      retrier.call("qdrant upsert batch " + (b + 1) + "/" + batches,
          () -> await(client.upsertAsync(request, timeout)));
      written += request.getPointsCount();
      progress.update("upsert", written, bundle.size());
    }
    return written;
  }

  private List<String> deleteOld(String current, List<String> versionsOldestFirst) throws Exception {
    List<String> ours = retrier.call("qdrant list collections",
        () -> await(client.listCollectionsAsync(timeout))).stream().filter(naming::isOurs).toList();
    List<String> doomed = naming.toDelete(oldestFirst(ours, versionsOldestFirst), current, keep);
    for (String collection : doomed) {
      retrier.call("qdrant delete " + collection,
          () -> await(client.deleteCollectionAsync(collection, timeout)));
      LOG.info("qdrant: deleted old collection {}", collection);
    }
    return doomed;
  }

  /**
   * Our collections by the age of their model version; collections of versions no longer known
   * count as the oldest (by name, for a stable order).
   */
  List<String> oldestFirst(List<String> ours, List<String> versionsOldestFirst) {
    Map<String, Integer> age = new HashMap<>();
    for (int i = 0; i < versionsOldestFirst.size(); i++) {
      try {
        age.put(naming.collectionFor(versionsOldestFirst.get(i)), i);
      } catch (IllegalArgumentException ignored) {
        // a version not named like ours never has a collection
      }
    }
    List<String> sorted = new ArrayList<>(ours);
    sorted.sort(Comparator.<String>comparingInt(c -> age.getOrDefault(c, -1))
        .thenComparing(Comparator.naturalOrder()));
    return sorted;
  }

  private String aliasTarget() throws Exception {
    for (AliasDescription alias : await(client.listAliasesAsync(timeout))) {
      if (alias.getAliasName().equals(naming.alias())) {
        return alias.getCollectionName();
      }
    }
    return null;
  }

  private long count(String collection) throws Exception {
    return await(client.countAsync(collection, null, true, timeout));
  }

  private <T> T await(ListenableFuture<T> future) throws Exception {
    try {
      return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Override
  public Probe probe() {
    try {
      // health must answer quickly even when Qdrant's host does not
      Duration probeTimeout = timeout.compareTo(PROBE_TIMEOUT) < 0 ? timeout : PROBE_TIMEOUT;
      var reply = client.healthCheckAsync(probeTimeout).get(probeTimeout.toMillis() + 500,
          TimeUnit.MILLISECONDS);
      return new Probe(true, "qdrant " + reply.getVersion() + " at " + endpoint);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Probe(false, "interrupted");
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return new Probe(false, "qdrant at " + endpoint + " unreachable: " + cause.getMessage());
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
