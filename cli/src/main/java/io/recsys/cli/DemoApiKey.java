package io.recsys.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The demo's API key: the one given, else the one an earlier start generated and kept (owner
 * read/write only) in the data directory, else a new random one.
 */
final class DemoApiKey {

  static final String FILE = "api-key";

  private DemoApiKey() {
  }

  static String resolve(String given, Path dataDir) throws IOException {
    if (given != null && !given.isBlank()) {
      return given.trim();
    }
    Path file = dataDir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      String kept = Files.readString(file).trim();
      if (!kept.isEmpty()) {
        return kept;
      }
    }
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String key = HexFormat.of().formatHex(random);
    Files.createDirectories(dataDir);
    Files.writeString(file, key + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file keeps the directory's permissions
    }
    return key;
  }
}
