package io.recsys.ingest.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the MovieLens datasets are: the system property {@code recsys.datasets}, else the
 * environment variable {@code RECSYS_DATASETS}, else {@code ../shared/datasets}. The data are
 * read in place, never copied into the project.
 */
public record DatasetLocation(Path root) {

  public static final String PROPERTY = "recsys.datasets";
  public static final String ENV = "RECSYS_DATASETS";

  public static DatasetLocation fromEnvironment() {
    String configured = System.getProperty(PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(ENV);
    }
    if (configured == null || configured.isBlank()) {
      configured = "../shared/datasets";
    }
    return new DatasetLocation(Path.of(configured).toAbsolutePath().normalize());
  }

  /** A file below the root, which must exist. */
  public Path require(String relative) {
    Path file = root.resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("Dataset file " + file + " is missing. Point -D" + PROPERTY
          + " or " + ENV + " at the datasets directory (it holds ml-1m/, ml-1m-sasrec/ and"
          + " ml-latest-small/).");
    }
    return file;
  }
}
