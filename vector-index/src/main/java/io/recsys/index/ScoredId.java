package io.recsys.index;

/** One hit: an item id and its inner product with the query. */
public record ScoredId(long id, float score) {
}
