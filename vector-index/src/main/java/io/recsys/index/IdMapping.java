package io.recsys.index;

import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * Maps arbitrary non-negative item ids (movie ids, say) to dense positions 0..size-1 and
 * back. Indexes, metadata tables and filters all speak positions; ids only cross the API.
 * Immutable and safe to share between threads.
 */
public final class IdMapping {

    private static final int ABSENT = -1;

    private final long[] idsByPosition;
    // Small, dense id ranges (catalogue ids) use a direct table; anything else a hash table.
    private final int[] directTable;
    private final long[] hashKeys;
    private final int[] hashValues;
    private final long fingerprint;
    // remembers the last equal-but-distinct mapping so repeated checks skip the full compare
    private volatile WeakReference<IdMapping> lastConfirmedEqual = new WeakReference<>(null);

    private IdMapping(long[] idsByPosition) {
        this.idsByPosition = idsByPosition;
        long maxId = -1;
        for (long id : idsByPosition) {
            if (id < 0) {
                throw new IllegalArgumentException("ids must be non-negative, got " + id);
            }
            maxId = Math.max(maxId, id);
        }
        if (maxId < 4L * idsByPosition.length + 1024) {
            directTable = new int[(int) maxId + 1];
            Arrays.fill(directTable, ABSENT);
            hashKeys = null;
            hashValues = null;
            for (int p = 0; p < idsByPosition.length; p++) {
                int slot = (int) idsByPosition[p];
                if (directTable[slot] != ABSENT) {
                    throw duplicate(idsByPosition[p], directTable[slot], p);
                }
                directTable[slot] = p;
            }
        } else {
            directTable = null;
            int capacity = Integer.highestOneBit(Math.max(4, idsByPosition.length * 2 - 1)) << 1;
            hashKeys = new long[capacity];
            hashValues = new int[capacity];
            Arrays.fill(hashKeys, ABSENT);
            for (int p = 0; p < idsByPosition.length; p++) {
                insert(idsByPosition[p], p);
            }
        }
        long h = 0x9E3779B97F4A7C15L ^ idsByPosition.length;
        for (long id : idsByPosition) {
            h = mix(h ^ id) + 0x632BE59BD9B4E019L;
        }
        this.fingerprint = h;
    }

    /** A mapping where position i holds ids[i]; rejects negative and duplicate ids. */
    public static IdMapping of(long[] ids) {
        return new IdMapping(ids.clone());
    }

    /** Ids 0..size-1 at their own positions. */
    public static IdMapping identity(int size) {
        long[] ids = new long[size];
        Arrays.setAll(ids, i -> i);
        return new IdMapping(ids);
    }

    public int size() {
        return idsByPosition.length;
    }

    public long idAt(int position) {
        return idsByPosition[position];
    }

    /** The position of id, or -1 when the id is not mapped. */
    public int positionOf(long id) {
        if (id < 0) {
            return ABSENT;
        }
        if (directTable != null) {
            return id < directTable.length ? directTable[(int) id] : ABSENT;
        }
        int mask = hashKeys.length - 1;
        for (int slot = (int) mix(id) & mask; ; slot = (slot + 1) & mask) {
            long key = hashKeys[slot];
            if (key == id) {
                return hashValues[slot];
            }
            if (key == ABSENT) {
                return ABSENT;
            }
        }
    }

    public boolean contains(long id) {
        return positionOf(id) != ABSENT;
    }

    public long[] toArray() {
        return idsByPosition.clone();
    }

    /**
     * True when both map the same ids to the same positions. Identity and a content
     * fingerprint make this cheap enough to check on every filtered search.
     */
    public boolean sameAs(IdMapping other) {
        if (this == other || (other != null && other == lastConfirmedEqual.get())) {
            return true;
        }
        if (other == null || other.size() != size() || other.fingerprint != fingerprint) {
            return false;
        }
        if (!Arrays.equals(other.idsByPosition, idsByPosition)) {
            return false;
        }
        lastConfirmedEqual = new WeakReference<>(other);
        return true;
    }

    private void insert(long id, int position) {
        int mask = hashKeys.length - 1;
        for (int slot = (int) mix(id) & mask; ; slot = (slot + 1) & mask) {
            long key = hashKeys[slot];
            if (key == ABSENT) {
                hashKeys[slot] = id;
                hashValues[slot] = position;
                return;
            }
            if (key == id) {
                throw duplicate(id, hashValues[slot], position);
            }
        }
    }

    private static IllegalArgumentException duplicate(long id, int first, int second) {
        return new IllegalArgumentException(
                "duplicate id " + id + " at positions " + first + " and " + second);
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb53a802ca3e3L;
        return x ^ (x >>> 33);
    }

    @Override
    public String toString() {
        return "IdMapping[size=" + size() + "]";
    }
}
