package io.spate.client;

import io.spate.protocol.FetchRequest;
import java.util.Locale;

/**
 * Which records a consumer reads: {@code isolation.level}, as in Kafka.
 */
public enum IsolationLevel {
    /** Everything up to the high watermark, records of open and aborted transactions included (the default). */
    READ_UNCOMMITTED(FetchRequest.READ_UNCOMMITTED),
    /**
     * Only up to the last stable offset (no open transaction's records), and never a record of an
     * aborted transaction: Fetch and ListOffsets go as version 1.
     */
    READ_COMMITTED(FetchRequest.READ_COMMITTED);

    private final byte id;

    IsolationLevel(byte id) {
        this.id = id;
    }

    /** The wire value (Fetch and ListOffsets version 1's {@code isolation_level}). */
    public byte id() {
        return id;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level named {@code value} ({@code read_uncommitted} or {@code read_committed}). */
    public static IsolationLevel forName(String key, String value) {
        for (IsolationLevel l : values()) {
            if (l.configName().equals(value.trim())) {
                return l;
            }
        }
        throw ConfigValues.bad(key, value, "read_uncommitted or read_committed");
    }
}
