package io.recsys.sync;

import io.recsys.sync.bundle.BundleItems;
import io.recsys.qdrant.ItemPayload;
import io.recsys.sync.rollout.ItemVectorStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** An in-memory {@link ItemVectorStore} that records calls and fails on demand. */
public final class RecordingStore implements ItemVectorStore {

  public final List<String> synced = new ArrayList<>();
  public final Map<Long, ItemPayload> payloads = new LinkedHashMap<>();
  public List<String> lastVersions;
  public LongFunction<ItemPayload> lastPayloads;
  public volatile RuntimeException failWith;
  private volatile boolean current;

  @Override
  public synchronized StoreSync sync(BundleItems bundle, LongFunction<ItemPayload> payloadsOf,
                                     List<String> versionsOldestFirst) {
    if (failWith != null) {
      throw failWith;
    }
    synced.add(bundle.modelVersion());
    lastVersions = versionsOldestFirst;
    lastPayloads = payloadsOf;
    current = true;
    return new StoreSync("store_" + bundle.modelVersion(), bundle.size(), true, List.of());
  }

  @Override
  public boolean hasCurrent() {
    return current;
  }

  @Override
  public synchronized long updatePayloads(Map<Long, ItemPayload> changed) {
    if (failWith != null) {
      throw failWith;
    }
    payloads.putAll(changed);
    return changed.size();
  }

  @Override
  public Probe probe() {
    return new Probe(failWith == null, "recording");
  }

  @Override
  public void close() {
  }
}
