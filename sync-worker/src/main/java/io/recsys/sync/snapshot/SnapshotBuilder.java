package io.recsys.sync.snapshot;

import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.LoggedProgress;
import io.recsys.index.SnapshotInfo;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexFactory;
import io.recsys.index.snapshot.SnapshotReader;
import io.recsys.sync.bundle.BundleItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the configured index snapshots of a bundle into one directory, one file per model
 * version and kind ({@code <version>.<kind>.snapshot}). Files are written atomically by the
 * vector-index module; a file already in place that reads back valid (checksum, model version,
 * kind, count, dimension) is kept, which makes a repeated rollout cheap.
 */
public final class SnapshotBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotBuilder.class);
  private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

  private final Path dir;
  private final List<IndexKind> kinds;
  private final Function<IndexKind, VectorIndexFactory> factories;

  public SnapshotBuilder(Path dir, List<IndexKind> kinds, boolean failIfUnavailable) {
    this(dir, kinds, kind -> new VectorIndexFactory(
        IndexConfig.defaults(kind).withFailIfUnavailable(failIfUnavailable)));
  }

  public SnapshotBuilder(Path dir, List<IndexKind> kinds,
                         Function<IndexKind, VectorIndexFactory> factories) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("at least one snapshot kind is needed");
    }
    this.dir = dir;
    this.kinds = List.copyOf(kinds);
    this.factories = factories;
  }

  public Path dir() {
    return dir;
  }

  /** Every configured snapshot of the bundle, built where missing or invalid. */
  public List<SnapshotSet> ensure(BundleItems bundle) throws IOException {
    List<SnapshotSet> out = new ArrayList<>();
    Set<IndexKind> effectiveDone = new LinkedHashSet<>();
    for (IndexKind requested : kinds) {
      VectorIndexFactory factory = factories.apply(requested);
      IndexKind effective = factory.resolution().effective();
      if (!effectiveDone.add(effective)) {
        continue; // e.g. flat and hnsw both fell back to exact: one file is enough
      }
      Path file = dir.resolve(SnapshotInfo.fileName(bundle.modelVersion(), effective));
      SnapshotInfo existing = validExisting(file, bundle, effective);
      if (existing != null) {
        LOG.info("snapshot {} of model {} already in place ({}), kept", effective,
            bundle.modelVersion(), file);
        out.add(new SnapshotSet(requested, existing, false));
        continue;
      }
      long start = System.nanoTime();
      LoggedProgress progress = new LoggedProgress(LOG::info,
          "snapshot " + effective.key() + " " + bundle.modelVersion(), System::nanoTime,
          PROGRESS_INTERVAL_NANOS);
      SnapshotInfo info;
      try (VectorIndex index = factory.build(bundle.table(), progress)) {
        info = index.save(file, bundle.modelVersion());
      }
      LOG.info("snapshot {} of model {} written: {} vectors x {} in {} ms, {} bytes, sha256 {}",
          effective, bundle.modelVersion(), info.count(), info.dimension(),
          (System.nanoTime() - start) / 1_000_000, info.sizeBytes(), info.sha256());
      out.add(new SnapshotSet(requested, info, true));
    }
    return out;
  }

  /** The existing file's info when it is a complete snapshot of exactly this bundle, else null. */
  static SnapshotInfo validExisting(Path file, BundleItems bundle, IndexKind kind) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      SnapshotReader.Contents contents = SnapshotReader.open(file); // verifies the checksum
      SnapshotInfo info = contents.info();
      boolean matches = info.kind() == kind && bundle.modelVersion().equals(info.modelVersion())
          && info.count() == bundle.size() && info.dimension() == bundle.dimension()
          && Arrays.equals(contents.ids(), bundle.table().ids());
      if (!matches) {
        LOG.warn("snapshot {} does not match model {} ({} {} x {}), rebuilding", file,
            bundle.modelVersion(), info.kind(), info.count(), info.dimension());
      }
      return matches ? info : null;
    } catch (IOException e) {
      LOG.warn("snapshot {} is unusable ({}), rebuilding", file, e.getMessage());
      return null;
    }
  }
}
