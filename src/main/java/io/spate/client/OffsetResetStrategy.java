package io.spate.client;

import java.util.Locale;

/** What a consumer does without a valid position: {@code auto.offset.reset}. */
public enum OffsetResetStrategy {
    /** Start at the log start offset. */
    EARLIEST,
    /** Start at the high watermark: only records produced from now on. */
    LATEST,
    /** Fail: the application must seek. */
    NONE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OffsetResetStrategy forName(String key, String value) {
        for (OffsetResetStrategy s : values()) {
            if (s.configName().equals(value.trim())) {
                return s;
            }
        }
        throw ConfigValues.bad(key, value, "earliest, latest or none");
    }
}
