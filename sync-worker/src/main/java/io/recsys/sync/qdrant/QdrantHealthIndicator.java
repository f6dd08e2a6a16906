package io.recsys.sync.qdrant;

import io.recsys.sync.rollout.ItemVectorStore;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Qdrant's reachability. Unreachable is DEGRADED, not DOWN: the worker keeps building
 * snapshots and retries Qdrant with backoff, so it should not be restarted for it.
 */
public final class QdrantHealthIndicator implements HealthIndicator {

  public static final Status DEGRADED = new Status("DEGRADED",
      "Qdrant unreachable; snapshots still served, Qdrant retried with backoff");

  private final ItemVectorStore store;
  private final String alias;

  public QdrantHealthIndicator(ItemVectorStore store, String alias) {
    this.store = store;
    this.alias = alias;
  }

  @Override
  public Health health() {
    ItemVectorStore.Probe probe = store.probe();
    Health.Builder health = probe.reachable() ? Health.up() : Health.status(DEGRADED);
    return health.withDetail("alias", alias).withDetail("detail", probe.detail()).build();
  }
}
