package io.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The gSASRec reference fixture's files, and bundles imported from its checkpoints by the CLI. */
final class FixtureBundles {

  private FixtureBundles() {
  }

  static Path file(String name) {
    return Path.of(System.getProperty("recsys.fixtures"), "gsasrec-reference", name);
  }

  /** {@code ./recsys import-checkpoint} of one fixture checkpoint into {@code dir/<name>}. */
  static Path imported(Path dir, String checkpoint, int heads) {
    Path bundle = dir.resolve(checkpoint.replace(".pt", ""));
    assertThat(RecsysCli.commandLine().execute("import-checkpoint", "--checkpoint",
        file(checkpoint).toString(), "--heads", Integer.toString(heads), "--output",
        bundle.toString())).isZero();
    return bundle;
  }
}
