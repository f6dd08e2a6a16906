package io.recsys.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The model bundle a command reads: the shipped ML-1M model unless told otherwise. */
final class ModelOptions {

  /** Where the repository keeps the shipped model, relative to the project root. */
  static final Path SHIPPED = Path.of("models", "ml-1m");

  @Option(names = "--model", paramLabel = "DIR",
      description = "Model bundle directory (default: the shipped models/ml-1m).")
  Path model;

  Path bundle() {
    return model != null ? model : SHIPPED;
  }
}
