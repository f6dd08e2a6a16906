package io.recsys.recommender.topology;

/** Names of the topology's state stores, which the query API reads. */
public final class StoreNames {

  /** user id → {@code UserHistory} (RocksDB, changelogged). */
  public static final String USER_HISTORIES = "user-histories";
  /** user id → time of the newest event not yet encoded; survives restarts. */
  public static final String PENDING_USERS = "pending-users";
  /** user id → {@code UserEmbedding}. */
  public static final String USER_EMBEDDINGS = "user-embeddings-store";
  /** movie id → {@code ItemStats}, this instance's partitions only. */
  public static final String ITEM_STATS_LOCAL = "item-stats-store";
  /** movie id → {@code ItemStats} for every movie (global table of the item-stats topic). */
  public static final String ITEM_STATS = "item-stats-global";
  /** movie id → {@code CatalogItem} for every movie (global table of the catalog topic). */
  public static final String CATALOG = "catalog-store";

  private StoreNames() {
  }
}
