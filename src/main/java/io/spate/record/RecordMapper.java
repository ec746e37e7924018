package io.spate.record;

import java.util.List;

/**
 * Turns one decoded record's fields into the caller's own record type, so a reader that wants, say,
 * a consumer record gets it straight from the batch without an intermediate {@link Record}.
 *
 * @param <T> what each record becomes
 */
@FunctionalInterface
public interface RecordMapper<T> {
    T map(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers);
}
