package io.spate.record;

/**
 * The 32-bit murmur2 hash exactly as Apache Kafka's {@code Utils.murmur2} computes it (seed
 * 0x9747b28c), so that a keyed record goes to the same partition with Spate's client as with
 * Kafka's Java client: {@code toPositive(murmur2(keyBytes)) % numPartitions}.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    public static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int length4 = length / 4;
        for (int i = 0; i < length4; i++) {
            int i4 = i * 4;
            int k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8)
                    + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        // the remaining bytes fall through on purpose, as in the reference implementation
        switch (length % 4) {
            case 3:
                h ^= (data[(length & ~3) + 2] & 0xff) << 16;
            case 2:
                h ^= (data[(length & ~3) + 1] & 0xff) << 8;
            case 1:
                h ^= data[length & ~3] & 0xff;
                h *= M;
            default:
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /** Kafka's {@code Utils.toPositive}: clears the sign bit (not {@code Math.abs}). */
    public static int toPositive(int number) {
        return number & 0x7fffffff;
    }

    /** The partition Kafka's default partitioner chooses for a non-null key. */
    public static int partitionForKey(byte[] key, int numPartitions) {
        return toPositive(murmur2(key)) % numPartitions;
    }
}
