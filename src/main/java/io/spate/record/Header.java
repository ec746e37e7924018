package io.spate.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a UTF-8 key (never null, as in Kafka) and a value that may be null.
 *
 * <p>Equality compares the value's bytes, not the array's identity, so decoded records compare equal
 * to the ones that were appended. The array is not copied: do not change it after handing it over.
 */
public record Header(String key, byte[] value) {
    public Header {
        Objects.requireNonNull(key, "header key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header[key=" + key + ", value=" + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
