package io.recsys.sync.rollout;

import io.recsys.schemas.avro.IndexSnapshot;

/** Tells the recommenders that a snapshot file is ready (the index-snapshots topic). */
@FunctionalInterface
public interface SnapshotAnnouncer {

  /** Returns once the announcement is durable. */
  void announce(IndexSnapshot snapshot) throws Exception;
}
