package io.recsys.sync.bundle;

import java.io.IOException;
import java.nio.file.Path;

/** A bundle that cannot be rolled out; the message names the file and the fault. */
public class InvalidBundleException extends IOException {

  public InvalidBundleException(Path file, String fault) {
    super(file + ": " + fault);
  }
}
