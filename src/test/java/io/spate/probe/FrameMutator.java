package io.spate.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.Message;
import io.spate.protocol.RequestHeader;
import java.util.Arrays;
import java.util.Random;

/**
 * Turns a valid request into a hostile frame. Every frame keeps a 4-byte size prefix; the
 * mutations (see {@link Mutation}) work on the bytes after it and, except for
 * {@link Mutation#BAD_SIZE_PREFIX} and {@link Mutation#PARTIAL_FRAME}, keep the prefix true so the
 * byte stream stays in step and the node can answer.
 */
final class FrameMutator {
    /** What was done to a frame, with the weight it is drawn with. */
    enum Mutation {
        VALID(10), BIT_FLIP(25), TRUNCATE(15), LENGTH_FIELD(20), RANDOM_BODY(10), WRONG_VERSION(7), UNKNOWN_API(4),
        BAD_SIZE_PREFIX(2), PARTIAL_FRAME(2);

        final int weight;

        Mutation(int weight) {
            this.weight = weight;
        }

        /** True when the node is expected to close the connection rather than answer. */
        boolean closesConnection() {
            return this == BAD_SIZE_PREFIX || this == PARTIAL_FRAME;
        }
    }

    /** A frame to write and how it was made. */
    record Frame(ApiKey key, Mutation mutation, byte[] bytes) {
    }

    private static final int[] HOSTILE_INT32 = {Integer.MAX_VALUE, Integer.MIN_VALUE, -2, -1, 0x7fff_0000, 1 << 30, 104_857_600};
    private static final short[] HOSTILE_INT16 = {Short.MAX_VALUE, Short.MIN_VALUE, -2, -1, 0x7f00};
    private static final int TOTAL_WEIGHT = Arrays.stream(Mutation.values()).mapToInt(m -> m.weight).sum();
    private static final ApiKey[] KEYS = ApiKey.values();

    private FrameMutator() {
    }

    static Mutation pick(Random r) {
        int w = r.nextInt(TOTAL_WEIGHT);
        for (Mutation m : Mutation.values()) {
            w -= m.weight;
            if (w < 0) {
                return m;
            }
        }
        throw new AssertionError();
    }

    /** A frame for a random API key with a random mutation. */
    static Frame next(Random r, int correlationId) {
        ApiKey key = KEYS[r.nextInt(KEYS.length)];
        Mutation m = pick(r);
        Message body = RequestTemplates.body(key, r);
        short version = 0;
        short keyId = key.id();
        if (m == Mutation.WRONG_VERSION) {
            short[] versions = {1, 2, 3, -1, Short.MAX_VALUE, (short) r.nextInt()};
            version = versions[r.nextInt(versions.length)];
        } else if (m == Mutation.UNKNOWN_API) {
            do {
                keyId = (short) (r.nextBoolean() ? r.nextInt(80) : r.nextInt());
            } while (ApiKey.forId(keyId) != null);
        }
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeInt(0);
            new RequestHeader(ApiKey.forId(keyId), keyId, version, correlationId, "fuzz").writeTo(buf);
            int bodyStart = buf.writerIndex();
            if (m == Mutation.RANDOM_BODY || m == Mutation.UNKNOWN_API) {
                byte[] junk = new byte[r.nextInt(512)];
                r.nextBytes(junk);
                buf.writeBytes(junk);
            } else {
                body.writeTo(buf);
            }
            byte[] bytes = new byte[buf.writerIndex()];
            buf.getBytes(0, bytes);
            bytes = mutate(m, bytes, bodyStart, r);
            return new Frame(key, m, bytes);
        } finally {
            buf.release();
        }
    }

    private static byte[] mutate(Mutation m, byte[] f, int bodyStart, Random r) {
        switch (m) {
            case BIT_FLIP -> {
                int flips = 1 + r.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    int pos = 4 + r.nextInt(f.length - 4);
                    f[pos] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case TRUNCATE -> f = Arrays.copyOf(f, 4 + r.nextInt(f.length - 4));
            case LENGTH_FIELD -> {
                // strings, arrays and records start with an int16/int32 length: hit the body's
                // first field half the time, any position otherwise
                int room = f.length - bodyStart;
                if (r.nextBoolean() && room >= 4) {
                    int pos = r.nextBoolean() ? bodyStart : bodyStart + r.nextInt(room - 3);
                    putInt(f, pos, HOSTILE_INT32[r.nextInt(HOSTILE_INT32.length)]);
                } else if (room >= 2) {
                    int pos = bodyStart + r.nextInt(room - 1);
                    short v = HOSTILE_INT16[r.nextInt(HOSTILE_INT16.length)];
                    f[pos] = (byte) (v >> 8);
                    f[pos + 1] = (byte) v;
                }
            }
            case BAD_SIZE_PREFIX -> {
                int[] sizes = {-1, Integer.MIN_VALUE, 0, 3, 7, 104_857_601, Integer.MAX_VALUE};
                putInt(f, 0, sizes[r.nextInt(sizes.length)]);
                return f;
            }
            default -> {
                // VALID, RANDOM_BODY, WRONG_VERSION, UNKNOWN_API, PARTIAL_FRAME: bytes as built
            }
        }
        putInt(f, 0, f.length - 4);
        return f;
    }

    private static void putInt(byte[] f, int pos, int v) {
        f[pos] = (byte) (v >>> 24);
        f[pos + 1] = (byte) (v >>> 16);
        f[pos + 2] = (byte) (v >>> 8);
        f[pos + 3] = (byte) v;
    }
}
