package io.recsys.qdrant;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How model versions map onto Qdrant collections: one collection per version, named after it,
 * behind a stable alias that queries use. Old versions beyond a kept number are removed, but
 * never the one the alias points at.
 */
public final class CollectionNaming {

  // a bare content hash, or a named one as bundles write it ("gsasrec-0123456789abcdef")
  private static final Pattern VERSION = Pattern.compile("(?:[a-z][a-z0-9]*-)?([0-9a-f]{12,64})");

  private final String alias;

  public CollectionNaming(String alias) {
    if (alias == null || alias.isBlank()) {
      throw new IllegalArgumentException("alias must not be blank");
    }
    this.alias = alias;
  }

  public String alias() {
    return alias;
  }

  /** The collection of a model version (its content hash, hex, optionally after "name-"). */
  public String collectionFor(String modelVersion) {
    Matcher m = modelVersion == null ? null : VERSION.matcher(modelVersion);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("A model version is a lower-case hex content hash of 12 to"
          + " 64 characters, optionally after a name and '-', was '" + modelVersion + "'");
    }
    return alias + "_" + m.group(1).substring(0, 12);
  }

  public boolean isOurs(String collection) {
    return collection.startsWith(alias + "_");
  }

  /**
   * The collections to delete so that at most {@code keep} of ours remain, oldest first by the
   * given creation order, always keeping the current one.
   *
   * @param oursOldestFirst our collections, oldest first
   */
  public List<String> toDelete(List<String> oursOldestFirst, String current, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, was " + keep);
    }
    List<String> candidates = oursOldestFirst.stream().filter(this::isOurs)
        .filter(c -> !c.equals(current)).toList();
    int excess = candidates.size() + 1 - keep;
    return excess <= 0 ? List.of() : candidates.subList(0, Math.min(excess, candidates.size()));
  }

}
