package io.recsys.sync.rollout;

import io.recsys.index.SnapshotInfo;
import io.recsys.schemas.avro.IndexKind;
import io.recsys.schemas.avro.IndexSnapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The index-snapshots record of a snapshot file. */
public final class SnapshotAnnouncements {

  private SnapshotAnnouncements() {
  }

  /**
   * @param modelId the id the model was announced with (the record's key and model id)
   */
  public static IndexSnapshot of(String modelId, SnapshotInfo info, Instant now) {
    Map<String, String> parameters = new LinkedHashMap<>();
    info.parameters().forEach((k, v) -> parameters.put(k, String.valueOf(v)));
    parameters.put("model_version", info.modelVersion());
    parameters.put("size_bytes", Long.toString(info.sizeBytes()));
    return IndexSnapshot.newBuilder()
        .setModelId(modelId)
        .setPath(info.path().toAbsolutePath().toString())
        .setKind(kindOf(info.kind()))
        .setChecksum(info.sha256())
        .setCount(info.count())
        .setDimension(info.dimension())
        .setParameters(parameters)
        .setCreatedAt(createdAt(info.createdAt(), now))
        .build();
  }

  static IndexKind kindOf(io.recsys.index.IndexKind kind) {
    try {
      return IndexKind.valueOf(kind.name());
    } catch (IllegalArgumentException e) {
      return IndexKind.UNKNOWN;
    }
  }

  private static Instant createdAt(String iso, Instant fallback) {
    try {
      return iso == null ? fallback : Instant.parse(iso);
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
