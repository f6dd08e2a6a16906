package io.recsys.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Earlier versions of each record schema, kept on the classpath under
 * {@code avro-history/<full name>/index.txt} (one .avsc file name a line). When a schema evolves,
 * copy its previous .avsc there before changing it, so records already on the topics stay
 * readable.
 */
public final class SchemaHistory {

  private static final String ROOT = "avro-history/";

  private SchemaHistory() {
  }

  public static List<Schema> olderSchemasOf(String fullName) {
    ClassLoader loader = SchemaHistory.class.getClassLoader();
    List<Schema> schemas = new ArrayList<>();
    try (InputStream index = loader.getResourceAsStream(ROOT + fullName + "/index.txt")) {
      if (index == null) {
        return schemas;
      }
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String file = line.strip();
        if (file.isEmpty() || file.startsWith("#")) {
          continue;
        }
        try (InputStream avsc = loader.getResourceAsStream(ROOT + fullName + "/" + file)) {
          if (avsc == null) {
            throw new IllegalStateException("Schema history lists " + file + " for " + fullName
                + " but " + ROOT + fullName + "/" + file + " is not on the classpath");
          }
          schemas.add(new Schema.Parser().parse(avsc));
        }
      }
      return schemas;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read schema history of " + fullName, e);
    }
  }
}
