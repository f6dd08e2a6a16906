package io.recsys.sync.rollout;

import io.recsys.sync.bundle.BundleItems;
import io.recsys.qdrant.ItemPayload;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** A remote vector store kept in step with the current model (Qdrant in production). */
public interface ItemVectorStore extends AutoCloseable {

  /**
   * Makes the store serve exactly this bundle: writes what is missing, then switches queries
   * over. Idempotent; a version already in place is left as it is.
   *
   * @param versionsOldestFirst every model version known, oldest first: decides which old
   *                            collections are removed
   */
  StoreSync sync(BundleItems bundle, LongFunction<ItemPayload> payloads,
                 List<String> versionsOldestFirst) throws Exception;

  /** Whether a version is in place, so that payload updates have somewhere to go. */
  boolean hasCurrent();

  /**
   * Replaces the payloads of these items in the current version (items it does not hold are
   * ignored); returns how many were written.
   */
  long updatePayloads(Map<Long, ItemPayload> payloads) throws Exception;

  /** Reachability now, for health; never throws. */
  Probe probe();

  @Override
  void close();

  /**
   * @param target        where the items went (a collection name)
   * @param pointsWritten points upserted by this call (0 when it was in place)
   * @param aliasSwapped  whether queries were switched to target now
   * @param deleted       old collections removed
   */
  record StoreSync(String target, long pointsWritten, boolean aliasSwapped, List<String> deleted) {
  }

  /** @param detail the server's version when reachable, else why not */
  record Probe(boolean reachable, String detail) {
  }
}
