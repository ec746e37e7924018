package io.spate.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Key → largest offset seen, for one cleaner pass, in fixed memory (Kafka's {@code SkimpyOffsetMap}).
 * A key is stored as its 128-bit MD5 digest, not its bytes: every entry takes 24 bytes whatever the
 * key's size, so the memory of a pass is bounded by {@code capacity} alone. The price is that two keys
 * with the same digest would be taken for one (the older record of the other dropped); for MD5 the
 * chance is about {@code n^2 / 2^129} for n keys, far below a disk's error rate. Exact byte keys would
 * rule that out but make memory depend on key sizes, which a producer controls.
 *
 * <p>Open addressing with linear probing in three parallel arrays, filled to at most
 * {@link #MAX_LOAD_FACTOR} of the slots; once full, {@link #put} refuses new keys (updates of present
 * keys still work) and the caller stops mapping.
 *
 * <p>Not thread-safe: one cleaner pass, on one worker thread.
 */
final class OffsetMap {
    /** Like Kafka's default dedupe buffer load factor: probing stays short. */
    static final double MAX_LOAD_FACTOR = 0.9;
    /** Bytes one slot takes: two longs of digest and the offset. */
    static final int BYTES_PER_SLOT = 24;

    private final long[] hi;
    private final long[] lo;
    /** -1 = empty slot. */
    private final long[] offsets;
    private final int maxEntries;
    private final MessageDigest md5;
    private int size;
    /** The digest of the key {@link #find} last looked up. */
    private long digestHi;
    private long digestLo;

    /** @param slots the number of slots (at least 2); entries are capped at 90% of them, and below all */
    OffsetMap(int slots) {
        if (slots < 2) {
            throw new IllegalArgumentException("an offset map needs at least two slots, asked for " + slots);
        }
        hi = new long[slots];
        lo = new long[slots];
        offsets = new long[slots];
        java.util.Arrays.fill(offsets, -1L);
        maxEntries = Math.max(1, Math.min(slots - 1, (int) (slots * MAX_LOAD_FACTOR)));
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides MD5", e);
        }
    }

    /**
     * Records {@code offset} for {@code key} if it is larger than the offset held. Returns false only
     * when the key is new and the map is full (nothing changes then).
     */
    boolean put(byte[] key, long offset) {
        int slot = find(key);
        if (offsets[slot] >= 0) {
            offsets[slot] = Math.max(offsets[slot], offset);
            return true;
        }
        if (size >= maxEntries) {
            return false;
        }
        offsets[slot] = offset;
        hi[slot] = digestHi;
        lo[slot] = digestLo;
        size++;
        return true;
    }

    /** The largest offset recorded for {@code key}, or -1 if it is not in the map. */
    long get(byte[] key) {
        return offsets[find(key)];
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= maxEntries;
    }

    /** The slot holding the key's digest, or the empty slot where it would go. Sets digestHi/Lo. */
    private int find(byte[] key) {
        byte[] d = md5.digest(key);
        long h = 0;
        long l = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xFF);
            l = (l << 8) | (d[i + 8] & 0xFF);
        }
        digestHi = h;
        digestLo = l;
        int slot = (int) Long.remainderUnsigned(h, offsets.length);
        // the map is never completely full (load factor < 1), so an empty slot ends every probe
        while (offsets[slot] >= 0 && (hi[slot] != h || lo[slot] != l)) {
            slot = slot + 1 == offsets.length ? 0 : slot + 1;
        }
        return slot;
    }
}
