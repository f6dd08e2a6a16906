package io.recsys.recommender.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of this JVM: block cache, index and filter blocks
 * and memtables all count against a shared cache. Without it each store of each partition gets
 * its own cache and memtables, so native memory grows with the number of partitions and with
 * the data, with no bound.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** Streams config key carrying the budget in bytes (set by {@link RecommenderStreams}). */
  public static final String TOTAL_BYTES = "recsys.rocksdb.memory.bytes";

  /** Gauge: bytes held in the shared cache, memtables included (they are charged to it). */
  public static final String USAGE_METRIC = "recsys.rocksdb.memory";

  private static final double MEMTABLE_SHARE = 0.5;
  private static Cache cache;
  private static WriteBufferManager writeBuffers;

  private static synchronized void init(long totalBytes) {
    if (cache == null) {
      // strict capacity off: a full cache evicts rather than failing reads
      cache = new LRUCache(totalBytes, -1, false, 0.1);
      writeBuffers = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
    }
  }

  /** Bytes the stores hold in the budget now; 0 before the first store opens. */
  public static synchronized long usageBytes() {
    return cache == null ? 0L : cache.getUsage();
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object budget = configs.get(TOTAL_BYTES);
    init(budget == null ? 128L << 20 : Long.parseLong(budget.toString()));
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(writeBuffers);
    options.setMaxWriteBufferNumber(2);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and write buffer manager are shared by every store: never closed here
  }
}
