package io.recsys.index.filter;

import java.util.Set;

/**
 * The attributes filters look at.
 *
 * @param id        item id
 * @param genres    genre names ("Action"), case-sensitive as in the catalogue
 * @param year      release year, or {@link #UNKNOWN_YEAR}
 * @param avgRating average rating, NaN while unrated
 */
public record ItemMetadata(long id, Set<String> genres, int year, float avgRating) {

    public static final int UNKNOWN_YEAR = Integer.MIN_VALUE;

    public ItemMetadata {
        genres = genres == null ? Set.of() : Set.copyOf(genres);
    }
}
