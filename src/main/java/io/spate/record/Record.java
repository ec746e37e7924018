package io.spate.record;

import java.util.Arrays;
import java.util.List;

/**
 * One record read out of a batch: its absolute offset (the batch's base offset plus the record's
 * offset delta), its absolute timestamp (base timestamp plus delta for CreateTime batches, the
 * batch's max timestamp for LogAppendTime batches), key and value (either may be null) and headers
 * (never null; empty when the record has none).
 *
 * <p>Equality compares key and value bytes, not array identity. Arrays are not copied.
 */
public record Record(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {
    public Record {
        headers = headers == null ? List.of() : headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r && offset == r.offset && timestamp == r.timestamp
                && Arrays.equals(key, r.key) && Arrays.equals(value, r.value) && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(offset);
        h = 31 * h + Long.hashCode(timestamp);
        h = 31 * h + Arrays.hashCode(key);
        h = 31 * h + Arrays.hashCode(value);
        return 31 * h + headers.hashCode();
    }

    @Override
    public String toString() {
        return "Record[offset=" + offset + ", timestamp=" + timestamp + ", key=" + describe(key)
                + ", value=" + describe(value) + ", headers=" + headers + "]";
    }

    private static String describe(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " bytes";
    }
}
