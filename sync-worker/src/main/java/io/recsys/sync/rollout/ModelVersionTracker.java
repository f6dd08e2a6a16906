package io.recsys.sync.rollout;

import io.recsys.schemas.avro.ModelVersion;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every model version announced so far and which of them is current: the newest by creation
 * time (ties broken by id), so a burst of announcements, or the whole compacted topic read at
 * start-up, rolls out only the newest. Thread-safe.
 */
public final class ModelVersionTracker {

  private static final Comparator<ModelVersion> AGE = Comparator
      .comparing(ModelVersion::getCreatedAt).thenComparing(ModelVersion::getModelId);

  private final Map<String, ModelVersion> known = new LinkedHashMap<>();
  private String rolledOut;

  public synchronized void offer(ModelVersion version) {
    known.put(version.getModelId(), version);
  }

  public synchronized Optional<ModelVersion> latest() {
    return known.values().stream().max(AGE);
  }

  /** The newest version when it has not been rolled out yet. */
  public synchronized Optional<ModelVersion> pending() {
    return latest().filter(v -> !v.getModelId().equals(rolledOut));
  }

  public synchronized void markRolledOut(String modelId) {
    rolledOut = modelId;
  }

  public synchronized Optional<String> rolledOut() {
    return Optional.ofNullable(rolledOut);
  }

  public synchronized List<String> idsOldestFirst() {
    return known.values().stream().sorted(AGE).map(ModelVersion::getModelId).toList();
  }
}
